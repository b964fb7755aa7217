package fr.carnets.kernel;

import fr.carnets.kernel.protocol.SafeJupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Started by Jupyter through the kernelspec: {@code carnets-kernel <connection file>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage : carnets-kernel <fichier de connexion Jupyter>");
            System.exit(2);
        }
        exitWithParent();
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        SafeJupyterConnection connection = new SafeJupyterConnection(props);
        CarnetsKernel kernel = new CarnetsKernel();
        // The composition root, as JJava's: the kernel knows no magic; the magics are plugged in here.
        KernelMagics.register(kernel);
        kernel.becomeHandlerForConnection(connection);
        kernel.attachTo(connection);
        // Extensions (their magics and renderers) are in place before the first request arrives.
        kernel.onStartup();
        try {
            connection.connect();
        } catch (org.zeromq.ZMQException e) {
            // Jupyter chose the ports, and another program took one before the kernel could: two
            // kernels started at the same instant can race for the same free port.
            System.err.println("Carnets : le noyau ne peut pas ouvrir les ports que Jupyter lui a donnés ("
                    + e.getMessage() + ") : un autre programme vient d'en prendre un. Redémarrez le noyau : "
                    + "Jupyter choisira d'autres ports.");
            System.exit(3);
        }
        connection.waitUntilClose();
        // Cell code may have left non-daemon threads behind: the kernel ends with its connection.
        System.exit(0);
    }

    /**
     * A kernel whose Jupyter died would run on, busy cells included, with nobody to stop it.
     * Jupyter gives its pid in JPY_PARENT_PID (else our parent process is watched).
     */
    private static void exitWithParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        Optional<ProcessHandle> parent;
        try {
            parent = pid != null && !pid.isBlank() ? ProcessHandle.of(Long.parseLong(pid.trim())) : ProcessHandle.current().parent();
        } catch (NumberFormatException e) {
            parent = ProcessHandle.current().parent();
        }
        Runnable leave = () -> {
            System.err.println("Carnets : le processus Jupyter parent s'est arrêté ; le noyau s'arrête aussi.");
            Runtime.getRuntime().halt(0);
        };
        if (parent.isEmpty() || !parent.get().isAlive()) {
            leave.run();
        }
        if (parent.get().pid() > 1) {
            parent.get().onExit().thenRun(leave);
        }
    }
}
