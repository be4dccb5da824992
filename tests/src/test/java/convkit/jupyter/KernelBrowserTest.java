package convkit.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shipped notebook opened in the classic Notebook server in Chromium (headless, driven by
 * tests/browser/notebook_unmodified.js with puppeteer-core) is not marked as changed once
 * the kernel has started, and its file stays byte for byte the same. A control notebook whose
 * stored language_info differs is marked as changed, so the check can fail. And a display
 * updated by a thread after its cell has ended shows the update on the page.
 * {@code ./convkit setup} installs Chromium, Node and the npm module.
 */
class KernelBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aShippedNotebookOpensUnmodifiedAndAStaleOneDoesNot() throws Exception {
        Path root = KernelInstallTest.repositoryRoot();
        Path script = root.resolve("tests/browser/notebook_unmodified.js");
        assertTrue(Files.isDirectory(root.resolve("tests/browser/node_modules/puppeteer-core")),
                "puppeteer-core is not installed: run ./convkit setup (it installs chromium, nodejs, npm and tests/browser's npm modules)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is not installed: run ./convkit setup");

        Path shipped = root.resolve("notebooks/01-convolution.ipynb");
        Path copy = dir.resolve("01-convolution.ipynb");
        Files.copy(shipped, copy);
        JsonObject stale = JsonParser.parseString(Files.readString(shipped)).getAsJsonObject();
        stale.getAsJsonObject("metadata").getAsJsonObject("language_info").addProperty("version", "17.0.15+6-Debian-1deb12u1");
        Files.writeString(dir.resolve("stale.ipynb"), stale.toString());
        byte[] before = Files.readAllBytes(copy);

        String token = UUID.randomUUID().toString();
        int port = freePort();
        Process server = startServer(port, token);
        try {
            waitForServer(port, token, dir.resolve("server.log"));
            JsonObject opened = open(script, "http://127.0.0.1:" + port + "/notebooks/01-convolution.ipynb?token=" + token);
            assertEquals(opened.get("stored"), opened.get("kernel"), "the kernel's language_info is the stored one");
            assertFalse(opened.get("dirty").getAsBoolean(), "the shipped notebook is marked as changed: " + opened);
            assertFalse(opened.get("status").getAsString().contains("unsaved"), opened.toString());
            JsonObject control = open(script, "http://127.0.0.1:" + port + "/notebooks/stale.ipynb?token=" + token);
            assertTrue(control.get("dirty").getAsBoolean(), "a notebook with another language_info is marked as changed: " + control);
            assertTrue(control.get("status").getAsString().contains("unsaved changes"), control.toString());
        } finally {
            stop(server);
        }
        assertArrayEquals(before, Files.readAllBytes(copy), "the notebook file was rewritten");
    }

    /**
     * A cell shows "early" and leaves a thread that replaces it by "late" 8 s later, after the cell
     * has ended (the cell itself takes well under a second; the page waits 12 s): the page shows "late" then (tests/browser/late_update.js runs the cell in Chromium).
     * Before the kernel sent such updates itself, the page kept "early".
     */
    @Test
    void anUpdateFromAThreadThatOutlivesItsCellChangesThePage() throws Exception {
        Path root = KernelInstallTest.repositoryRoot();
        assertTrue(Files.isDirectory(root.resolve("tests/browser/node_modules/puppeteer-core")),
                "puppeteer-core is not installed: run ./convkit setup (it installs chromium, nodejs, npm and tests/browser's npm modules)");
        JsonObject nb = JsonParser.parseString("{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"late\","
                + " \"metadata\": {}, \"outputs\": [], \"source\": []}], \"metadata\": {\"kernelspec\": {\"display_name\": \"Java (ConvKit)\","
                + " \"language\": \"java\", \"name\": \"convkit-java\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}").getAsJsonObject();
        nb.getAsJsonArray("cells").get(0).getAsJsonObject().addProperty("source", String.join("\n",
                "String id = display(\"early\");",
                "new Thread(() -> { try { Thread.sleep(8000); } catch (InterruptedException e) { }",
                "    updateDisplay(id, \"late\"); }).start();",
                "\"cell done\""));
        Files.writeString(dir.resolve("late.ipynb"), nb.toString());
        String token = UUID.randomUUID().toString();
        int port = freePort();
        Process server = startServer(port, token);
        JsonObject seen;
        try {
            waitForServer(port, token, dir.resolve("server.log"));
            seen = run(root.resolve("tests/browser/late_update.js"), "http://127.0.0.1:" + port + "/notebooks/late.ipynb?token=" + token, "12000");
        } finally {
            stop(server);
        }
        String atEnd = seen.get("atEnd").getAsString();
        String later = seen.get("later").getAsString();
        assertTrue(atEnd.contains("early") && atEnd.contains("cell done"), "when the cell ended: " + seen);
        assertTrue(later.contains("late") && !later.contains("early"), "12 s later the display shows the thread's update: " + seen);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process startServer(int port, String token) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(NotebookRunner.jupyter(), "notebook", "--no-browser", "--allow-root",
                "--port=" + port, "--ip=127.0.0.1", "--NotebookApp.token=" + token, "--notebook-dir=" + dir)
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().put("JUPYTER_PATH", NotebookRunner.kernelSpecRoot().toString());
        return pb.start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy(); // SIGTERM: the server shuts its kernels down
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    private JsonObject open(Path script, String url) throws IOException, InterruptedException {
        return run(script, url, "180000");
    }

    /** Runs a browser script with these arguments; its last output line is JSON. */
    private JsonObject run(Path script, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "browser", ".log");
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(script.getParent().toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the browser check did not finish in 5 minutes:\n" + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> lines = Arrays.asList(text.strip().split("\n"));
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    private static void waitForServer(int port, String token, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status?token=" + token))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the Notebook server did not answer in 90 s:\n" + Files.readString(log));
    }
}
