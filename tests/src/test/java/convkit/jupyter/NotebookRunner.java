package convkit.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes a notebook on ConvKit's Java kernel through real Jupyter ({@code jupyter nbconvert
 * --execute}), as CI and {@code ./convkit notebooks-html} do, and hands back the executed notebook.
 * The kernelspec is the one the Maven build writes to {@code kernel-config/target/jupyter}
 * (found through JUPYTER_PATH), so nothing needs to be installed for the user first.
 * <pre>
 *   NotebookRunner.Run run = NotebookRunner.execute(Path.of("../notebooks/01-convolution.ipynb"));
 *   run.cells().get(3).text();     // everything the cell printed or returned, as text
 *   run.cells().get(5).pngs();     // the PNG images the cell showed
 * </pre>
 */
public final class NotebookRunner {
    /** The kernel's name in kernel.json and in the notebooks' metadata. */
    public static final String KERNEL_NAME = "convkit-java";
    /** Time limit for one whole nbconvert run unless given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private NotebookRunner() {
    }

    /** Runs the notebook and fails (AssertionError with nbconvert's output) if any cell fails. */
    public static Run execute(Path notebook) {
        return execute(notebook, Map.of(), DEFAULT_TIMEOUT);
    }

    /** As {@link #execute(Path)}, with extra environment variables for the kernel (e.g. a CI knob). */
    public static Run execute(Path notebook, Map<String, String> env, Duration timeout) {
        Run run = run(notebook, env, timeout);
        if (!run.succeeded())
            throw new AssertionError("notebook " + notebook + " failed (nbconvert exit " + run.exitCode() + "):\n" + run.log());
        return run;
    }

    /**
     * Runs the notebook without judging: a failed cell gives {@code succeeded() == false} and
     * nbconvert's report (the cell, the exception) in {@link Run#log()}.
     */
    public static Run run(Path notebook, Map<String, String> env, Duration timeout) {
        return run(notebook, env, timeout, List.of());
    }

    /** As {@link #run(Path, Map, Duration)} with extra nbconvert options (e.g. ExecutePreprocessor settings). */
    static Run run(Path notebook, Map<String, String> env, Duration timeout, List<String> nbconvertOptions) {
        Path source = notebook.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) throw new IllegalArgumentException("notebook " + source + " does not exist");
        String name = source.getFileName().toString().replaceFirst("\\.ipynb$", "");
        try {
            Path outDir = Files.createDirectories(Path.of("target", "notebook-runs").toAbsolutePath());
            Path executed = outDir.resolve(name + ".executed.ipynb");
            Path log = outDir.resolve(name + ".log");
            Files.deleteIfExists(executed);
            List<String> command = new ArrayList<>(List.of(jupyter(), "nbconvert", "--to", "notebook", "--execute",
                    source.toString(), "--output-dir", outDir.toString(), "--output", executed.getFileName().toString(),
                    "--ExecutePreprocessor.kernel_name=" + KERNEL_NAME,
                    "--ExecutePreprocessor.timeout=" + timeout.toSeconds(),
                    "--ExecutePreprocessor.startup_timeout=120"));
            command.addAll(nbconvertOptions);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(source.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> penv = pb.environment();
            String jupyterPath = kernelSpecRoot().toString();
            String previous = penv.get("JUPYTER_PATH");
            penv.put("JUPYTER_PATH", previous == null || previous.isEmpty() ? jupyterPath : jupyterPath + java.io.File.pathSeparator + previous);
            penv.putAll(env);
            Process process = pb.start();
            boolean finished = process.waitFor(timeout.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            int exit = finished ? process.exitValue() : -1;
            if (!finished) output += "\n(nbconvert killed after " + timeout.toSeconds() + " s + 60 s)";
            JsonObject json = Files.isRegularFile(executed)
                    ? JsonParser.parseString(Files.readString(executed, StandardCharsets.UTF_8)).getAsJsonObject() : null;
            return new Run(exit, output, json == null ? null : executed, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run nbconvert on " + source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + source, e);
        }
    }

    /**
     * The directory to put on JUPYTER_PATH: system property {@code convkit.jupyter.path} (set by
     * the tests module's pom), else {@code kernel-config/target/jupyter} found upwards from here.
     */
    public static Path kernelSpecRoot() {
        String configured = System.getProperty("convkit.jupyter.path");
        Path root = null;
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured).toAbsolutePath().normalize();
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("kernel-config/target/jupyter");
                if (Files.isDirectory(candidate)) {
                    root = candidate;
                    break;
                }
            }
        }
        if (root == null || !Files.isRegularFile(root.resolve("kernels/" + KERNEL_NAME + "/kernel.json")))
            throw new IllegalStateException("no kernelspec " + KERNEL_NAME + " under " + root
                    + "; build it with: mvn -pl kernel-config -am package");
        return root;
    }

    /** Debian's Jupyter (under /usr/bin/python3), not whatever `jupyter` a Python first on PATH has. */
    static String jupyter() {
        return Files.isExecutable(Path.of("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : "jupyter";
    }

    /** One nbconvert run: its exit code, its console output, and the executed notebook when written. */
    public static final class Run {
        private final int exitCode;
        private final String log;
        private final Path executedPath;
        private final JsonObject executed;

        Run(int exitCode, String log, Path executedPath, JsonObject executed) {
            this.exitCode = exitCode;
            this.log = log;
            this.executedPath = executedPath;
            this.executed = executed;
        }

        public boolean succeeded() {
            return exitCode == 0 && executed != null;
        }

        public int exitCode() {
            return exitCode;
        }

        /** nbconvert's console output (on failure: the failing cell, the exception and its traceback). */
        public String log() {
            return log;
        }

        /** The executed notebook file, or null when nbconvert wrote none (a failed run). */
        public Path executedPath() {
            return executedPath;
        }

        /** The executed notebook's JSON, or null when nbconvert wrote none. */
        public JsonObject json() {
            return executed;
        }

        /** The code cells in order, with their outputs. */
        public List<Cell> cells() {
            if (executed == null) throw new IllegalStateException("nbconvert wrote no executed notebook:\n" + log);
            List<Cell> cells = new ArrayList<>();
            for (JsonElement e : executed.getAsJsonArray("cells")) {
                JsonObject cell = e.getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                cells.add(Cell.of(cell));
            }
            return cells;
        }

        /** Everything all code cells printed or returned as text, in order. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Cell c : cells()) sb.append(c.text());
            return sb.toString();
        }
    }

    /** One executed code cell. */
    public static final class Cell {
        private final String source;
        private final String text;
        private final List<byte[]> pngs;
        private final List<Map<String, String>> outputs;

        private Cell(String source, String text, List<byte[]> pngs, List<Map<String, String>> outputs) {
            this.source = source;
            this.text = text;
            this.pngs = pngs;
            this.outputs = outputs;
        }

        static Cell of(JsonObject cell) {
            String source = joined(cell.get("source"));
            StringBuilder text = new StringBuilder();
            List<byte[]> pngs = new ArrayList<>();
            List<Map<String, String>> outputs = new ArrayList<>();
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                Map<String, String> flat = new LinkedHashMap<>();
                flat.put("output_type", out.get("output_type").getAsString());
                if (out.has("text")) {
                    String t = joined(out.get("text"));
                    flat.put("text", t);
                    text.append(t);
                }
                if (out.has("data")) {
                    JsonObject data = out.getAsJsonObject("data");
                    for (String mime : data.keySet()) flat.put(mime, joined(data.get(mime)));
                    if (data.has("image/png"))
                        pngs.add(Base64.getMimeDecoder().decode(joined(data.get("image/png"))));
                    else if (data.has("text/plain"))
                        text.append(joined(data.get("text/plain"))).append('\n');
                }
                if (out.has("ename")) {
                    flat.put("ename", out.get("ename").getAsString());
                    flat.put("evalue", out.get("evalue").getAsString());
                }
                outputs.add(flat);
            }
            return new Cell(source, text.toString(), pngs, outputs);
        }

        private static String joined(JsonElement e) {
            if (e == null || e.isJsonNull()) return "";
            if (e.isJsonPrimitive()) return e.getAsString();
            StringBuilder sb = new StringBuilder();
            for (JsonElement part : (JsonArray) e) sb.append(part.getAsString());
            return sb.toString();
        }

        public String source() {
            return source;
        }

        /** What the cell printed (stdout, stderr) and the text of returned values, in order. Images are not text. */
        public String text() {
            return text;
        }

        /** The PNG bytes of every image the cell showed (last expression or display(...)). */
        public List<byte[]> pngs() {
            return pngs;
        }

        /** Each output flattened: output_type, text, and one entry per MIME type of its data (base64 for images). */
        public List<Map<String, String>> outputs() {
            return outputs;
        }
    }
}
