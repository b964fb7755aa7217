package fr.carnets.dl.runtime;

import java.util.Locale;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;

/**
 * How the native side of DL4J runs: oneDNN layer helpers and native threads. Every model of this
 * package applies it before training or predicting, so notebooks get the fastest configuration
 * without doing anything; {@link #threads(int)} lets a user choose.
 *
 * <p>What was measured (2-core machine, bench/README.md):
 * <ul>
 * <li>DL4J 1.0.0-M2.1 switches its oneDNN helpers off unless
 * {@code org.eclipse.deeplearning4j.helpers.disable=false}; with them on (and the oneDNN native
 * build, see the parent pom), the MNIST convnet training step went from 330 ms to 70 ms.</li>
 * <li>Threads: a convolution network trains faster on every core (step 73 ms with 1 thread, 47 ms
 * with 2), a small dense network is 2-3x slower on 2 threads than on 1 (1.3 vs 3.5 ms per step:
 * its matrices are too small to share). So, unless the user chose, convolution networks use every
 * native thread the process started with ({@code OMP_NUM_THREADS}, set to the core count by the
 * kernel's launcher) and other networks one.</li>
 * <li>Convolutions and poolings of image models go further through our own oneDNN path
 * (NHWC inside), installed once when a network is built or loaded
 * ({@link fr.carnets.dl.runtime.onednn.NetworkPatches}); DL4J's helpers remain its fallback.</li>
 * </ul>
 * OpenMP can lower its thread count at run time and raise it again up to the count the process
 * started with, not beyond: the ceiling is read once, at start.
 */
public final class Performance {
    /** DL4J's switch for its cuDNN/oneDNN layer helpers (default true, i.e. off, in M2.1). */
    static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static volatile boolean configured;
    private static int ceiling = -1;
    private static int chosen; // 0: automatic
    private static int current = -1;
    /** The network last built, loaded or used, for the per-layer lines of {@link #describe()}. */
    private static java.lang.ref.WeakReference<org.deeplearning4j.nn.api.Model> last = new java.lang.ref.WeakReference<>(null);

    static {
        configure();
    }

    private Performance() {}

    /**
     * Turns DL4J's oneDNN helpers on unless the JVM was started with the property set. Must run
     * before any DL4J layer is built; called by the course extension at kernel start and by
     * every model. Idempotent.
     */
    public static synchronized void configure() {
        if (configured) return;
        if (System.getProperty(HELPERS_PROPERTY) == null) System.setProperty(HELPERS_PROPERTY, "false");
        // CARNETS_THREADS, passed on by the kernel's launcher; 0 or absent: automatic
        chosen = Math.max(0, Integer.getInteger("carnets.threads", 0));
        configured = true;
    }

    /** Whether DL4J's oneDNN layer helpers are on. */
    public static boolean helpersEnabled() {
        return !Boolean.parseBoolean(System.getProperty(HELPERS_PROPERTY, "true"));
    }

    /**
     * Native threads for every following training and prediction (at most the
     * {@link #maxThreads()} the process started with); 0 goes back to the automatic choice.
     */
    public static synchronized void threads(int n) {
        if (n < 0) throw new ModelException("Nombre de fils négatif (" + n + ") : donnez 1 ou plus, ou 0 pour le choix automatique.");
        if (n > maxThreads()) {
            throw new ModelException(String.format(Locale.ROOT,
                    "%d fils demandés, mais ce noyau en a %d au plus (OMP_NUM_THREADS au démarrage). "
                            + "Relancez le noyau avec OMP_NUM_THREADS=%d pour en avoir plus.", n, maxThreads(), n));
        }
        chosen = n;
    }

    /** The user's choice of threads, or 0 when automatic. */
    public static synchronized int threads() {
        return chosen;
    }

    /** The native threads the process started with: the most a model can use. */
    public static synchronized int maxThreads() {
        if (ceiling < 0) ceiling = Math.max(1, Nd4j.getEnvironment().maxThreads());
        return ceiling;
    }

    /** The threads this network trains and predicts with: the user's choice, else by kind of network. */
    public static int threadsFor(org.deeplearning4j.nn.api.Model net) {
        int user = threads();
        if (user > 0) return Math.min(user, maxThreads());
        return hasConvolution(net) ? maxThreads() : 1;
    }

    /** Sets the native thread count for this network (cheap when it does not change); nothing else runs per fit. */
    public static synchronized void prepare(org.deeplearning4j.nn.api.Model net) {
        remember(net);
        int n = threadsFor(net);
        if (n == current) return;
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        current = n;
    }

    public static synchronized void remember(org.deeplearning4j.nn.api.Model net) {
        if (last.get() != net) last = new java.lang.ref.WeakReference<>(net);
    }

    private static boolean hasConvolution(org.deeplearning4j.nn.api.Model net) {
        Layer[] layers = net instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork
                ? ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net).getLayers()
                : net instanceof org.deeplearning4j.nn.graph.ComputationGraph ? ((org.deeplearning4j.nn.graph.ComputationGraph) net).getLayers()
                : new Layer[0];
        for (Layer l : layers) {
            Layer inner = l;
            if (inner instanceof org.deeplearning4j.nn.layers.FrozenLayer) inner = ((org.deeplearning4j.nn.layers.FrozenLayer) inner).getInsideLayer();
            if (inner instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop) {
                inner = ((org.deeplearning4j.nn.layers.FrozenLayerWithBackprop) inner).getInsideLayer();
            }
            if (inner instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) return true;
        }
        return false;
    }

    /** For a person: what runs where, then, per layer of the model last built, loaded or trained, which code runs it and why. */
    public static String describe() {
        org.deeplearning4j.nn.api.Model net;
        synchronized (Performance.class) {
            net = last.get();
        }
        String head = String.format(Locale.ROOT, "%s%n%s", describeNative(), fr.carnets.dl.runtime.onednn.OneDnn.describe());
        return net == null ? head : head + String.format("%n") + layers(net, "couches du dernier modèle construit ou utilisé :");
    }

    /** Per layer of this DL4J network ({@code model.toDl4j()}), which code runs it and why. */
    public static String describe(org.deeplearning4j.nn.api.Model net) {
        return String.format(Locale.ROOT, "%s%n%s%n%s", describeNative(), fr.carnets.dl.runtime.onednn.OneDnn.describe(), layers(net, "couches du modèle :"));
    }

    private static String layers(org.deeplearning4j.nn.api.Model net, String title) {
        StringBuilder b = new StringBuilder(title);
        for (String line : fr.carnets.dl.runtime.onednn.NetworkPatches.describeLayers(net)) b.append(String.format("%n  ")).append(line);
        return b.toString();
    }

    private static String describeNative() {
        return String.format(Locale.ROOT, "oneDNN : %s ; fils natifs : %s (au plus %d)", helpersEnabled() ? "activé" : "désactivé",
                threads() > 0 ? String.valueOf(threads()) : "automatique (convolution : tous, sinon 1)", maxThreads());
    }
}
