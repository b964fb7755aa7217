package fr.carnets.dl.runtime.onednn;

import java.util.Arrays;
import java.util.function.Supplier;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's training pre-activation (x·W + b) for its current input, computed once per step: DL4J
 * computes it in the forward pass and again in the backward pass (and output layers again for the
 * score). The copy lives outside workspaces until the next input; callers get their own copy, as
 * DL4J applies activations in place.
 */
final class PreOutputCache {
    private INDArray value, input;
    private long computed, reused;

    INDArray get(INDArray currentInput, LayerWorkspaceMgr ws, Supplier<INDArray> compute) {
        if (input != null && input == currentInput) {
            reused++;
            return ws.dup(ArrayType.ACTIVATIONS, value);
        }
        INDArray z = compute.get();
        computed++;
        try (var out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (value == null || !Arrays.equals(value.shape(), z.shape()) || value.dataType() != z.dataType()) {
                value = Nd4j.createUninitialized(z.dataType(), z.shape(), 'c');
            }
            value.assign(z);
        }
        input = currentInput;
        return z;
    }

    /** The kept value for this input, or null. */
    INDArray valueFor(INDArray currentInput) {
        return input != null && input == currentInput ? value : null;
    }

    void forget() {
        input = null;
    }

    long[] counts() {
        return new long[] {computed, reused};
    }
}
