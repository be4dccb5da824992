package convkit.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./convkit kernel install/uninstall} into a temporary Jupyter data directory, the
 * installed kernel running from a moved copy (nothing points into the checkout), and notebook
 * hygiene: the language_info the kernel reports is what every shipped notebook stores, so opening,
 * executing and saving a notebook changes none of its metadata.
 */
class KernelInstallTest {
    @TempDir
    Path dir;

    static Path repositoryRoot() {
        return NotebookRunner.kernelSpecRoot().getParent().getParent().getParent();
    }

    @Test
    void installRunsFromAMovedCopyAndUninstallRemovesIt() throws IOException {
        Path root = repositoryRoot();
        Path first = dir.resolve("first");
        Output install = launcher(root, "kernel", "install", "--prefix", first.toString());
        assertEquals(0, install.exit, install.text);
        Path spec = first.resolve("share/jupyter/kernels/convkit-java");
        String kernelJson = Files.readString(spec.resolve("kernel.json"));
        assertFalse(kernelJson.contains(root.toString()), "the installed kernelspec points into the checkout:\n" + kernelJson);
        assertTrue(kernelJson.contains("{resource_dir}/lib/*"), kernelJson);
        try (Stream<Path> jars = Files.list(spec.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toList());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("convkit-kernel-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("convkit-core-")), names.toString());
        }

        // the install made the class-data-sharing archive for where the kernel is: with -Xshare:on
        // the JVM refuses to start on an archive it cannot use, so reaching KernelMain's usage proves it
        assertTrue(kernelJson.contains("-XX:SharedArchiveFile={resource_dir}/kernel.jsa"), kernelJson);
        Output strict = archiveCheck(spec, kernelJson);
        assertEquals(2, strict.exit, "the installed kernel.jsa maps: " + strict.text);
        assertTrue(strict.text.contains("usage: java -cp"), strict.text);

        // moved: Jupyter fills in {resource_dir}, so the copy runs where it now is
        Path moved = dir.resolve("moved");
        Files.move(first, moved);
        Path data = moved.resolve("share/jupyter");
        // there the archive is stale (made for the old path): refused, and the kernel below starts without it
        Output stale = archiveCheck(data.resolve("kernels/convkit-java"), kernelJson);
        assertNotEquals(2, stale.exit, "a moved kernel's archive is refused by -Xshare:on: " + stale.text);
        Output list = run(List.of(NotebookRunner.jupyter(), "kernelspec", "list", "--json"), Map.of("JUPYTER_PATH", data.toString()));
        JsonObject specs = JsonParser.parseString(list.text.substring(list.text.indexOf('{'))).getAsJsonObject().getAsJsonObject("kernelspecs");
        assertEquals(data.resolve("kernels/convkit-java").toString(), specs.getAsJsonObject("convkit-java").get("resource_dir").getAsString());
        List<JsonObject> answers = new KernelProbe()
                .execute("Kernel2d.parse(\"1 8\\n-5 6\").correlate(Tensor.parse(\"2 10 8\\n5 15 20\\n6 11 9\"))")
                .run(Map.of("JUPYTER_PATH", data.toString()), Files.createDirectories(dir.resolve("probe")));
        String result = KernelProbe.outputs(answers.get(0), "execute_result").get(0).getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(result.replaceAll("\\s+", " ").contains("147 119 161 174"), result);

        Output uninstall = launcher(root, "kernel", "uninstall", "--prefix", moved.toString());
        assertEquals(0, uninstall.exit, uninstall.text);
        assertFalse(Files.exists(data.resolve("kernels/convkit-java")));
        Output again = launcher(root, "kernel", "uninstall", "--prefix", moved.toString());
        assertEquals(1, again.exit, "a second uninstall finds nothing: " + again.text);
        assertTrue(again.text.contains("no kernel convkit-java"), again.text);
    }

    @Test
    void theKernelReportsTheLanguageInfoEveryShippedNotebookStores() throws IOException {
        List<JsonObject> answers = new KernelProbe().kernelInfo()
                .run(Map.of("JUPYTER_PATH", NotebookRunner.kernelSpecRoot().toString()), dir);
        JsonObject reported = answers.get(0).getAsJsonObject("reply").getAsJsonObject("language_info");
        JsonObject spec = JsonParser.parseString(Files.readString(NotebookRunner.kernelSpecRoot()
                .resolve("kernels/convkit-java/kernel.json"))).getAsJsonObject();
        List<Path> notebooks = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repositoryRoot().resolve("notebooks"))) {
            walk.filter(p -> p.toString().endsWith(".ipynb") && !p.toString().contains("/out/") && !p.toString().contains(".ipynb_checkpoints"))
                    .sorted().forEach(notebooks::add);
        }
        assertTrue(notebooks.size() >= 5, notebooks.toString());
        for (Path nb : notebooks) {
            JsonObject meta = JsonParser.parseString(Files.readString(nb, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject("metadata");
            assertEquals(reported, meta.getAsJsonObject("language_info"), nb + ": language_info differs from the kernel's");
            JsonObject kernelspec = meta.getAsJsonObject("kernelspec");
            assertEquals("convkit-java", kernelspec.get("name").getAsString(), nb.toString());
            assertEquals(spec.get("display_name"), kernelspec.get("display_name"), nb.toString());
            assertEquals(spec.get("language"), kernelspec.get("language"), nb.toString());
        }
    }

    @Test
    void executingAndSavingANotebookKeepsItsMetadata() throws IOException {
        // a small notebook with the shipped notebooks' metadata, executed and saved by nbconvert
        JsonObject shipped = JsonParser.parseString(Files.readString(repositoryRoot().resolve("notebooks/00-index.ipynb"))).getAsJsonObject();
        KernelNotebookTest.dir = dir;
        Path nb = KernelNotebookTest.notebook("metadata", "int a = 6;", "a * 7");
        JsonObject json = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
        json.add("metadata", shipped.getAsJsonObject("metadata").deepCopy());
        Files.writeString(nb, json.toString());
        NotebookRunner.Run run = NotebookRunner.execute(nb, Map.of(), Duration.ofMinutes(5));
        assertEquals("42\n", run.cells().get(1).text());
        assertEquals(shipped.getAsJsonObject("metadata"), run.json().getAsJsonObject("metadata"),
                "executing and saving changed the notebook's metadata");
    }

    static final class Output {
        final int exit;
        final String text;

        Output(int exit, String text) {
            this.exit = exit;
            this.text = text;
        }
    }

    /** The kernel's JVM with -Xshare:on, its archive and class path, and no arguments (KernelMain prints its usage). */
    private Output archiveCheck(Path spec, String kernelJson) {
        String java = JsonParser.parseString(kernelJson).getAsJsonObject().getAsJsonArray("argv").get(0).getAsString();
        return run(List.of(java, "-Xshare:on", "-XX:SharedArchiveFile=" + spec.resolve("kernel.jsa"), "--add-modules", "jdk.incubator.vector",
                "-cp", spec.resolve("lib") + "/*", "convkit.jupyter.KernelMain"), Map.of());
    }

    private Output launcher(Path root, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("convkit").toString());
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private Output run(List<String> command, Map<String, String> env) {
        try {
            Path log = Files.createTempFile(dir, "run", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 10 minutes:\n" + Files.readString(log));
            }
            return new Output(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
