package convkit.jupyter;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Entry point named in kernel.json: {@code java ... convkit.jupyter.KernelMain [--startup FILE]...
 * {connection_file}}. {@code --startup} names a start-up script by a path Jupyter fills in
 * ({@code {resource_dir}/convkit.jsh}), so an installed kernelspec needs no absolute path.
 * <p>
 * {@code --warm-up} in place of the connection file does once, without Jupyter, what a start and
 * the first lecture cell do (bind the sockets, start JShell, run the start-up scripts and a
 * cross-correlation), then exits: {@link KernelArchive} runs it to record the classes a start
 * loads in a class-data-sharing archive.
 */
public final class KernelMain {
    /** The lecture's first 2-D cross-correlation: what the warm-up runs as its cell. */
    static final String WARM_UP_CELL = "Kernel2d.parse(\"1 8\\n-5 6\").correlate(Tensor.parse(\"2 10 8\\n5 15 20\\n6 11 9\"))";

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        StartTimeline.mark("main");
        java.util.List<Path> scripts = new java.util.ArrayList<>();
        int i = 0;
        while (i + 1 < args.length && args[i].equals("--startup")) {
            scripts.add(Path.of(args[i + 1]));
            i += 2;
        }
        if (i != args.length - 1) {
            System.err.println("usage: java -cp <kernel class path> convkit.jupyter.KernelMain [--startup FILE]... <connection file>|--warm-up");
            System.exit(2);
        }
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");

        // the kernel first: its constructor starts JShell, the longest part of a start, while the sockets open
        JavaKernel kernel = new JavaKernel(() -> KernelOptions.fromEnvironment(System.getenv(), scripts));
        boolean warmUp = args[i].equals("--warm-up");
        KernelConnectionProperties props = warmUp ? localProperties()
                : KernelConnectionProperties.parse(Files.readString(Path.of(args[i])));
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        StartTimeline.mark("connected");
        if (warmUp) {
            String shown = kernel.eval(WARM_UP_CELL).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN).toString();
            if (!shown.replaceAll("\\s+", " ").contains("147 119 161 174"))
                throw new IllegalStateException("the warm-up cell gave " + shown);
            connection.close();
            System.exit(0);
        }
        connection.waitUntilClose();
        // User code may have left non-daemon threads (AWT, executors); the kernel's life ends here.
        System.exit(0);
    }

    /** Free local ports and a fresh key: the warm-up binds real sockets that no client ever uses. */
    private static KernelConnectionProperties localProperties() throws IOException {
        int[] ports = new int[5];
        for (int p = 0; p < ports.length; p++)
            try (ServerSocket s = new ServerSocket(0)) {
                ports[p] = s.getLocalPort();
            }
        return new KernelConnectionProperties("127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                "tcp", "hmac-sha256", UUID.randomUUID().toString());
    }
}
