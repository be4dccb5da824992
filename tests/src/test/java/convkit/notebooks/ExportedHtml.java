package convkit.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The HTML export as {@code ./convkit notebooks-html} does it (nbconvert to HTML, the handouts
 * unexecuted, then {@code notebooks/tools/portable_html.py}), and the browser check of the pages
 * ({@code tests/browser/check-pages.js}: headless Chromium, offline, one JSON report per page).
 */
final class ExportedHtml {
    private ExportedHtml() {}

    static Path repo() {
        return NotebookFiles.dir().getParent();
    }

    /** Writes the pages of the executed notebooks (name -> executed .ipynb) and of the handouts to {@code out}. */
    static void export(Map<String, Path> executed, Path out) throws IOException {
        deleteTree(out);
        Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"));
        List<String> command = new ArrayList<>(List.of(jupyter(), "nbconvert", "--to", "html", "--output-dir", out.toString(), "--log-level=WARN"));
        for (var e : executed.entrySet()) {
            Path copy = src.resolve(e.getKey() + ".ipynb");   // the page is named after the notebook, not the run
            Files.copy(e.getValue(), copy, StandardCopyOption.REPLACE_EXISTING);
            command.add(copy.toString());
        }
        run(command, out.getParent());
        List<String> handouts = new ArrayList<>(List.of(jupyter(), "nbconvert", "--to", "html", "--output-dir",
                out.resolve("assignments").toString(), "--log-level=WARN"));
        try (Stream<Path> s = Files.list(NotebookFiles.dir().resolve("assignments"))) {
            s.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(p -> handouts.add(p.toString()));
        }
        run(handouts, out.getParent());
        run(List.of("python3", NotebookFiles.dir().resolve("tools/portable_html.py").toString(), out.toString()), out.getParent());
    }

    /** Opens every page under {@code out} in headless Chromium and returns the reports (see check-pages.js). */
    static JsonArray browserReports(Path out) {
        Path browser = repo().resolve("tests/browser");
        if (!Files.isDirectory(browser.resolve("node_modules/puppeteer-core")))
            throw new IllegalStateException("no puppeteer-core under " + browser + "/node_modules; run ./convkit setup (npm ci there)");
        String json = run(List.of("node", browser.resolve("check-pages.js").toString(), out.toString()), browser);
        return JsonParser.parseString(json).getAsJsonArray();
    }

    /** Runs a command, fails with its output unless it exits 0 within 5 minutes; returns its standard output. */
    static String run(List<String> command, Path dir) {
        try {
            Path log = Files.createTempFile("convkit-export", ".log");
            Path stdout = Files.createTempFile("convkit-export", ".out");
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) p.destroyForcibly();
            String out = Files.readString(stdout, StandardCharsets.UTF_8), err = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            Files.deleteIfExists(stdout);
            if (!done || p.exitValue() != 0)
                throw new AssertionError(String.join(" ", command) + (done ? " exited " + p.exitValue() : " timed out") + ":\n" + err + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String jupyter() {
        return Files.isExecutable(Path.of("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : "jupyter";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
