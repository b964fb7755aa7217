package org.nd4j.nativeblas;

/**
 * Bridge for deeplearning4j-nn 1.0.0-M2.1: its oneDNN layer helpers (BaseMKLDNNHelper) look for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, a class that moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} (method renamed isUseONEDNN). Without this
 * class the helpers are never enabled and the layers never use the oneDNN convolution.
 *
 * <p>Here for ./carnets bench --tuned; it belongs in kernel-ext (same package and name), together
 * with -Dorg.eclipse.deeplearning4j.helpers.disable=false (M2.1 disables helpers by default) and
 * the nd4j-native classifier linux-x86_64-onednn-avx2. Harmless without them: only the helpers read it.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
