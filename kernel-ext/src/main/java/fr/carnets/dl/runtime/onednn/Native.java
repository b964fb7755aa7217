package fr.carnets.dl.runtime.onednn;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small bridges between ND4J arrays and oneDNN memories (no copies). */
final class Native {
    private Native() {}

    /** The array's first element, for a oneDNN memory over its buffer. */
    static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }

    /**
     * Whether oneDNN can read the array as a dense row-major block of floats. Dimensions of size 1
     * are skipped: ND4J's own test ({@code Shape.hasDefaultStridesForShape}) wants strictly
     * descending strides, so it rejected a [128, 28, 28, 1] batch, a [32, 1, 3, 3] kernel and every
     * rank-1 'f' bias, and each step copied them (and copied gradients back).
     */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && fr.carnets.dl.Tensors.rowMajorDense(a);
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

    /** Points each memory at its array (pairs: memory, INDArray), then runs the primitive. */
    static void run(primitive p, IntMemoryMap args, Object... memoryArrayPairs) {
        for (int i = 0; i < memoryArrayPairs.length; i += 2) bind((memory) memoryArrayPairs[i], (INDArray) memoryArrayPairs[i + 1]);
        run(p, args);
    }

    static IntMemoryMap args(Object... pairs) {
        IntMemoryMap m = new IntMemoryMap();
        for (int i = 0; i < pairs.length; i += 2) m.put((Integer) pairs[i], (memory) pairs[i + 1]);
        return m;
    }
}
