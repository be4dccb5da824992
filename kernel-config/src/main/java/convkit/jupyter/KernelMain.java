package convkit.jupyter;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point named in kernel.json: {@code java ... convkit.jupyter.KernelMain [--startup FILE]...
 * {connection_file}}. {@code --startup} names a start-up script by a path Jupyter fills in
 * ({@code {resource_dir}/convkit.jsh}), so an installed kernelspec needs no absolute path.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.List<Path> scripts = new java.util.ArrayList<>();
        int i = 0;
        while (i + 1 < args.length && args[i].equals("--startup")) {
            scripts.add(Path.of(args[i + 1]));
            i += 2;
        }
        if (i != args.length - 1) {
            System.err.println("usage: java -cp <kernel class path> convkit.jupyter.KernelMain [--startup FILE]... <connection file>");
            System.exit(2);
        }
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[i])));
        JupyterConnection connection = new JupyterConnection(props);
        JavaKernel kernel = new JavaKernel(() -> KernelOptions.fromEnvironment(System.getenv(), scripts));
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // User code may have left non-daemon threads (AWT, executors); the kernel's life ends here.
        System.exit(0);
    }
}
