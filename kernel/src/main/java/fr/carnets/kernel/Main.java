package fr.carnets.kernel;

import fr.carnets.kernel.protocol.SafeJupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/** Started by Jupyter through the kernelspec: {@code carnets-kernel <connection file>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage : carnets-kernel <fichier de connexion Jupyter>");
            System.exit(2);
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        SafeJupyterConnection connection = new SafeJupyterConnection(props);
        CarnetsKernel kernel = new CarnetsKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.onStartup();
        connection.waitUntilClose();
        // Cell code may have left non-daemon threads behind: the kernel ends with its connection.
        System.exit(0);
    }
}
