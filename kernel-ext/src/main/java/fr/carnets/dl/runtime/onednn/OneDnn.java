package fr.carnets.dl.runtime.onednn;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;

/**
 * oneDNN 3 called directly (JavaCPP presets), next to the oneDNN that libnd4j links statically:
 * whether the path is on, the CPU engine and its stream. The path is on unless
 * {@code CARNETS_ONEDNN=0} (or {@code -Dcarnets.onednn=false}); when the native library cannot
 * load, it stays off and {@link #describe()} says why, so DL4J's own path runs instead.
 */
public final class OneDnn {
    /** What was decided at first use. */
    record State(boolean requested, boolean loaded, String error, engine engine, stream stream) {
        boolean on() {
            return requested && loaded;
        }
    }

    private static volatile State state;

    private OneDnn() {}

    /** Whether our oneDNN layer path runs: asked for (default) and loaded. */
    public static boolean enabled() {
        return state().on();
    }

    /** One French line for {@code %carnets performance}: which path trains convolutions. */
    public static String describe() {
        State s = state();
        if (!s.requested) return "chemin oneDNN de Carnets : désactivé (CARNETS_ONEDNN=0) ; les couches d'images passent par DL4J (NCHW)";
        if (!s.loaded) return "chemin oneDNN de Carnets : indisponible (" + s.error + ") ; repli automatique sur DL4J (NCHW)";
        return String.format(Locale.ROOT, "chemin oneDNN de Carnets : activé (oneDNN %s, instructions %s, images en NHWC)", version(), isa());
    }

    static engine engine() {
        return state().engine;
    }

    static stream stream() {
        return state().stream;
    }

    static State state() {
        State s = state;
        if (s == null) {
            synchronized (OneDnn.class) {
                if (state == null) state = decide(requested(), OneDnn::load);
                s = state;
            }
        }
        return s;
    }

    static boolean requested() {
        String p = System.getProperty("carnets.onednn");
        if (p != null) return !p.equals("0") && !p.equalsIgnoreCase("false");
        String e = System.getenv("CARNETS_ONEDNN");
        return e == null || !(e.trim().equals("0") || e.trim().equalsIgnoreCase("false"));
    }

    /** The state for a request and a loader; a loader that throws (missing library, wrong CPU...) turns the path off. */
    static State decide(boolean requested, Supplier<engine> loader) {
        if (!requested) return new State(false, false, null, null, null);
        try {
            engine e = loader.get();
            return new State(true, true, null, e, new stream(e));
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, dnnl errors
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            return new State(true, false, m.length() > 160 ? m.substring(0, 160) + "…" : m, null, null);
        }
    }

    private static engine load() {
        withoutVersionWarnings(() -> Loader.load(dnnl.class));
        return new engine(engine.kind.cpu, 0);
    }

    /**
     * Runs a load while JavaCPP's "Versions of org.bytedeco:javacpp:1.5.7 and ... do not match"
     * lines are dropped: the oneDNN 3 presets are built on a newer JavaCPP than ND4J's, which the
     * tests check, and the warning would land in the learner's cell. Other lines pass through.
     */
    static void withoutVersionWarnings(Runnable load) {
        PrintStream err = System.err;
        System.setErr(new PrintStream(new LineFilter(err, l -> !(l.contains("Versions of org.bytedeco:javacpp") && l.contains("do not match"))), true,
                StandardCharsets.UTF_8));
        try {
            load.run();
        } finally {
            System.err.flush();
            System.setErr(err);
        }
    }

    /** Forwards whole lines that the test keeps. */
    static final class LineFilter extends OutputStream {
        private final PrintStream to;
        private final Predicate<String> keep;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream to, Predicate<String> keep) {
            this.to = to;
            this.keep = keep;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                if (keep.test(l)) to.print(l);
                line.reset();
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                String l = line.toString(StandardCharsets.UTF_8);
                if (keep.test(l)) to.print(l);
                line.reset();
            }
            to.flush();
        }
    }

    static String version() {
        var v = dnnl.dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    /** The instruction set oneDNN dispatches to (at most DNNL_MAX_CPU_ISA), e.g. "AVX2", "AVX512_CORE". */
    static String isa() {
        int v = dnnl.dnnl_get_effective_cpu_isa();
        for (dnnl.cpu_isa i : dnnl.cpu_isa.values()) if (i.value == v) return i.toString().toUpperCase(Locale.ROOT);
        return "0x" + Integer.toHexString(v);
    }
}
