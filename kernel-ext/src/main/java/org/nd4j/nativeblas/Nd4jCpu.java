package org.nd4j.nativeblas;

/**
 * Bridge for deeplearning4j-nn 1.0.0-M2.1: its oneDNN layer helpers (BaseMKLDNNHelper) ask
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, a class that moved
 * to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} (method renamed isUseONEDNN). Without
 * this class the helpers are never enabled and convolution layers never use oneDNN, whatever the
 * native build. Only DL4J's helpers read it; {@link fr.carnets.dl.runtime.Performance} turns them on.
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
