package fr.carnets.kernel.exec;

/**
 * Static hooks that instrumented cell code calls (see {@link SnippetInstrumenter}).
 *
 * <p>Every backward branch of cell code calls {@link #checkStop()}, so a busy loop written in a cell
 * stops when the learner presses Stop, on every JDK (Thread.stop throws from JDK 20 on).
 * Calls to System.exit and Runtime.exit/halt in cell code are routed to {@link #exit(int)}, which
 * refuses: a cell must not end the kernel silently.
 */
public final class CellGuard {

    private static volatile boolean stopRequested;

    private CellGuard() {
    }

    public static void checkStop() {
        if (stopRequested) {
            throw new CellInterrupted();
        }
    }

    public static void requestStop() {
        stopRequested = true;
    }

    public static void clearStop() {
        stopRequested = false;
    }

    public static boolean isStopRequested() {
        return stopRequested;
    }

    public static void exit(int status) {
        throw new KernelExitRefused(status);
    }

    /** Replaces {@code runtime.exit(status)} and {@code runtime.halt(status)}: same stack shape. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new KernelExitRefused(status);
    }

    /** Replaces {@code method.invoke(target, args)} in cell code: System.exit and Runtime.exit/halt by reflection refuse too. */
    public static Object invoke(java.lang.reflect.Method method, Object target, Object... args)
            throws IllegalAccessException, java.lang.reflect.InvocationTargetException {
        Class<?> owner = method.getDeclaringClass();
        String name = method.getName();
        if ((owner == System.class && name.equals("exit")) || (owner == Runtime.class && (name.equals("exit") || name.equals("halt")))) {
            int status = args != null && args.length == 1 && args[0] instanceof Integer i ? i : -1;
            throw new KernelExitRefused(status); // unwrapped, so that the cell shows the French refusal
        }
        return method.invoke(target, args);
    }

    /** Thrown into a cell stopped by the learner. An Error, so that {@code catch (Exception e)} in a cell does not swallow it. */
    public static final class CellInterrupted extends Error {
        private final String note;

        public CellInterrupted() {
            this(null);
        }

        /** @param note what the learner must know beyond the stop itself (a thread left behind), or null */
        public CellInterrupted(String note) {
            super("Exécution interrompue (bouton Stop).", null, false, false);
            this.note = note;
        }

        public String note() {
            return note;
        }
    }

    /** Thrown instead of ending the JVM when a cell calls System.exit. */
    public static final class KernelExitRefused extends RuntimeException {
        public KernelExitRefused(int status) {
            super("System.exit(" + status + ") a été ignoré : il arrêterait le noyau et vous perdriez toutes vos variables. "
                    + "Pour repartir de zéro, utilisez le menu Kernel > Restart Kernel.");
        }
    }
}
