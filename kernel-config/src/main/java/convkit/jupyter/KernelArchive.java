package convkit.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import convkit.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes the kernel's class-data-sharing archive, {@code kernel.jsa} beside kernel.json: usage
 * {@code java -cp 'DIR/lib/*' convkit.jupyter.KernelArchive DIR}. It runs the kernelspec's own
 * command line once with {@code -XX:ArchiveClassesAtExit} in place of {@code -XX:SharedArchiveFile}
 * and {@code --warm-up} in place of the connection file, so the archive holds the classes a start
 * and the first lecture cell load (JShell, javac, ConvKit, the protocol), already parsed and
 * verified; kernel.json's {@code -XX:SharedArchiveFile={resource_dir}/kernel.jsa} maps them.
 * <p>
 * The archive is only valid for this JDK and these jars at this path: the build writes it for
 * target/jupyter, {@code ./convkit kernel install} again for the installed copy. A stale archive
 * (jars changed, kernelspec moved, JDK updated) is refused by the JVM with a warning and the kernel
 * starts as it would without one.
 */
public final class KernelArchive {
    static final String ARCHIVE = "kernel.jsa";
    static final String USE_FLAG = "-XX:SharedArchiveFile=";
    static final String DUMP_FLAG = "-XX:ArchiveClassesAtExit=";

    private KernelArchive() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp '<kernelspec>/lib/*' convkit.jupyter.KernelArchive <kernelspec directory>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        Path archive = write(dir);
        System.err.printf("KernelArchive: %s (%.1f MB) in %.1f s%n", archive, Files.size(archive) / 1e6, (System.nanoTime() - t0) / 1e9);
    }

    /** The warm-up command: kernel.json's argv with {resource_dir} filled in, dumping to {@code tmp}. */
    static List<String> warmUpCommand(Path dir, String kernelJson, Path tmp) {
        List<String> cmd = new ArrayList<>();
        boolean dumps = false;
        for (JsonElement e : JsonParser.parseString(kernelJson).getAsJsonObject().getAsJsonArray("argv")) {
            String arg = e.getAsString().replace("{resource_dir}", dir.toString());
            if (arg.startsWith(USE_FLAG)) {
                arg = DUMP_FLAG + tmp;
                dumps = true;
            }
            if (arg.equals("{connection_file}")) arg = "--warm-up";
            cmd.add(arg);
        }
        if (!dumps) throw new IllegalArgumentException(dir.resolve("kernel.json") + " has no " + USE_FLAG + " option: nothing would use an archive");
        if (!cmd.contains("--warm-up")) throw new IllegalArgumentException(dir.resolve("kernel.json") + " has no {connection_file} argument");
        return cmd;
    }

    static Path write(Path dir) throws IOException {
        Path json = dir.resolve("kernel.json");
        if (!Files.isRegularFile(json))
            throw new IllegalArgumentException(dir + " is not a kernelspec directory (no kernel.json)");
        String kernelJson = Files.readString(json, StandardCharsets.UTF_8);
        // a kernel starting meanwhile sees the old archive or the whole new one, never half of one
        return AtomicFiles.writeWith(dir.resolve(ARCHIVE), tmp -> {
            List<String> cmd = warmUpCommand(dir, kernelJson, tmp);
            cmd.add(1, "-Xlog:cds=off");            // the dump's notes on classes it skips (ASM's old class files) are noise
            cmd.add(2, "-Xlog:cds+dynamic=off");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("the kernel's warm-up did not end within 5 minutes: " + String.join(" ", cmd));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the kernel warmed up", e);
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0)
                throw new IOException("the kernel's warm-up failed (exit " + p.exitValue() + "), no archive written:\n"
                        + String.join(" ", cmd) + "\n" + out);
            tmp.toFile().setWritable(true, true); // the JVM writes it read-only; AtomicFiles forces it to disk before the rename
        });
    }
}
