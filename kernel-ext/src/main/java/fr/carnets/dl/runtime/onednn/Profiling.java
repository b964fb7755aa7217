package fr.carnets.dl.runtime.onednn;

/** Development counters read by bench's Profile: time in oneDNN's convolution backward and its preparation (ns), copies of non-dense gradients. */
public final class Profiling {
    public static long convBackward, convBackwardPrep, copies;

    private Profiling() {}

    public static String text() {
        return String.format("conv backward in oneDNN %.1f ms, preparing %.1f ms, copies %d", convBackward / 1e6, convBackwardPrep / 1e6, copies);
    }
}
