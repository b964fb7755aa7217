package fr.carnets.dl.onednn;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Small bridges between ND4J arrays and oneDNN memories (no copies). */
final class Native {
    private Native() {}

    /** The array's first element, for a oneDNN memory over its buffer. */
    static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }

    /** Whether oneDNN can read the array as a dense row-major block of floats. */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    /** The array itself when dense, else a dense copy. */
    static INDArray denseOrCopy(INDArray a) {
        return dense(a) ? a : a.dup('c');
    }

    static void bind(memory m, INDArray a) {
        m.set_data_handle(address(a));
    }

    static void run(primitive p, IntMemoryMap args) {
        p.execute(OneDnn.stream(), args);
        OneDnn.stream()._wait();
    }

    static IntMemoryMap args(Object... pairs) {
        IntMemoryMap m = new IntMemoryMap();
        for (int i = 0; i < pairs.length; i += 2) m.put((Integer) pairs[i], (memory) pairs[i + 1]);
        return m;
    }
}
