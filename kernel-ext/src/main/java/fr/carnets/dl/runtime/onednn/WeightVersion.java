package fr.carnets.dl.runtime.onednn;

/**
 * The version of one network's weights: bumped by each optimizer step ({@link ViewUpdaters}) and
 * each change through the model's API ({@link NetworkPatches#weightsChanged}). A layer that keeps
 * a forward result for the backward pass of the same step reuses it only under the version it was
 * computed with: an explicit step counter, not a guess from the weights' values (two weight sets
 * can have the same sum).
 */
public final class WeightVersion {
    private long value;

    long value() {
        return value;
    }

    void bump() {
        value++;
    }
}
