package convkit.jupyter;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point named in kernel.json: {@code java ... convkit.jupyter.KernelMain {connection_file}}. */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp <kernel class path> convkit.jupyter.KernelMain <connection file>");
            System.exit(2);
        }
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // The protocol library logs every socket bind at INFO; keep the notebook's stderr for real problems.
        Logger.getLogger("").setLevel(Level.WARNING);

        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        JavaKernel kernel = new JavaKernel(() -> KernelOptions.fromEnvironment(System.getenv()));
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // User code may have left non-daemon threads (AWT, executors); the kernel's life ends here.
        System.exit(0);
    }
}
