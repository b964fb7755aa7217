package fr.carnets.kernel.jdk;

import java.lang.instrument.Instrumentation;

/**
 * The agent the kernel loads into itself (through {@link AttachMain}, a second JVM): it only keeps the
 * {@link Instrumentation}, the supported way to open JDK packages after start-up. Loaded by the
 * application class loader, which finds this very class in the kernel's jar.
 */
public final class Agent {

    private static volatile Instrumentation instrumentation;

    private Agent() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    static Instrumentation instrumentation() {
        return instrumentation;
    }
}
