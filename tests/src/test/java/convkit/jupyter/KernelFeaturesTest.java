package convkit.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static convkit.jupyter.KernelProbe.outputs;
import static convkit.jupyter.KernelProbe.status;
import static convkit.jupyter.KernelProbe.stream;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's IJava features on the real Jupyter stack (jupyter_client): a cell cannot end the
 * kernel, output is capped, each magic works (%maven from a file repository built here, offline),
 * rich display MIME types and display-id updates, inspection with the library's javadoc, history,
 * magic completion, coloured tracebacks. One kernel start serves all the requests.
 */
class KernelFeaturesTest {
    static final String RED = "\u001b[0;31m";

    @TempDir
    static Path dir;
    static List<JsonObject> answers;
    static Path repo;
    static final List<String> labels = new ArrayList<>();
    static final KernelProbe probe = new KernelProbe();

    @BeforeAll
    static void runTheKernel() throws IOException {
        repo = tinyRepository(dir.resolve("repo"));
        Path script = dir.resolve("helpers.jsh");
        Files.writeString(script, "int loaded = 7;\nString greet(String who) { return \"hi \" + who; }\n");
        ask("declare", p -> p.execute("int kept = 41;"));
        ask("exit", p -> p.execute("System.out.println(\"before\");\nSystem.exit(0);\nSystem.out.println(\"never\");"));
        ask("survived", p -> p.execute("kept + 1"));
        ask("halt", p -> p.execute("Runtime.getRuntime().halt(3);"));
        ask("exit-ref", p -> p.execute("java.util.function.IntConsumer quit = System::exit;\nquit.accept(5);"));
        ask("flood", p -> p.execute("for (int i = 0; i < 100; i++) System.out.print(\"0123456789\".repeat(30_000));"));
        ask("after-flood", p -> p.execute("System.out.println(\"small\");"));
        ask("maven", p -> p.execute("%mavenRepo local " + repo.toUri() + "\n%maven org.example:tiny-a:1.0\ntiny.a.A.hello()"));
        ask("classpath", p -> p.execute("%classpath"));
        ask("load", p -> p.execute("%load " + script + "\ngreet(\"there\") + \" \" + loaded"));
        ask("time", p -> p.execute("%%time\nThread.sleep(300);\n\"timed\""));
        ask("lsmagic", p -> p.execute("%lsmagic"));
        ask("bad-magic", p -> p.execute("%mavne org.example:tiny-a:1.0"));
        ask("chart", p -> p.execute("var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(200).title(\"c\").build();\n"
                + "chart.addSeries(\"s\", new double[]{1, 2, 3}, new double[]{3, 1, 2});\nchart"));
        ask("table", p -> p.execute("tech.tablesaw.api.Table.create(\"nums\", tech.tablesaw.api.IntColumn.create(\"n\", java.util.stream.IntStream.range(0, 50).toArray()))"));
        ask("tensor", p -> p.execute("var X = Tensor.parse(\"2 10 8\\n5 15 20\\n6 11 9\");\nX"));
        ask("widget", p -> p.execute("convkit.viz.Explorer.pooling(Tensor.parse(\"1 2\\n3 4\"))"));
        ask("image", p -> p.execute("new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB)"));
        ask("display", p -> p.execute("String id = display(chart);\nupdateDisplay(id, \"replaced\");\nid"));
        // updates every 0.5 s for 6 s: however long the loaded machine takes to end the cell, the last ones come after it
        ask("late-display", p -> p.execute("String lateId = display(\"early\");\n"
                + "new Thread(() -> { try { for (int i = 1; i <= 12; i++) { Thread.sleep(500); updateDisplay(lateId, \"late \" + i); } }\n"
                + "    catch (InterruptedException e) { } }).start();\nlateId"));
        ask("late-update", p -> p.listen(10));
        ask("compile-error", p -> p.execute("int z = undefinedName + 1;"));
        ask("inspect-method", p -> p.inspect("Tensor.parse(\"1 2\")", 9));
        ask("inspect-member", p -> p.inspect("X.sum()", 3));
        ask("inspect-type", p -> p.inspect("new Kernel2d", 8));
        ask("complete-line", p -> p.complete("%ma", 3));
        ask("complete-cell", p -> p.complete("%%ti", 4));
        ask("history", p -> p.history(100));
        answers = probe.run(Map.of(
                "JUPYTER_PATH", NotebookRunner.kernelSpecRoot().toString(),
                "CONVKIT_MAVEN_LOCAL_REPO", dir.resolve("m2").toString()), dir);
    }

    private static void ask(String label, java.util.function.Consumer<KernelProbe> request) {
        labels.add(label);
        request.accept(probe);
    }

    static JsonObject answer(String label) {
        int i = labels.indexOf(label);
        if (i < 0) throw new IllegalArgumentException("no request " + label);
        return answers.get(i);
    }

    static JsonObject error(String label) {
        List<JsonObject> errors = outputs(answer(label), "error");
        assertEquals(1, errors.size(), label + ": one error output, got " + answer(label));
        return errors.get(0);
    }

    static String text(JsonObject result) {
        return result.getAsJsonObject("data").get("text/plain").getAsString();
    }

    static JsonObject result(String label) {
        List<JsonObject> results = outputs(answer(label), "execute_result");
        assertEquals(1, results.size(), label + ": one result, got " + answer(label));
        return results.get(0);
    }

    @Test
    void exitAndHaltEndTheCellNotTheKernel() {
        for (String label : List.of("exit", "halt", "exit-ref")) {
            assertEquals("error", status(answer(label)), label);
            JsonObject e = error(label);
            assertEquals("ExitBlockedError", e.get("ename").getAsString(), label);
            assertTrue(e.get("evalue").getAsString().contains("the kernel does not exit"), label + ": " + e);
        }
        assertTrue(error("exit").get("evalue").getAsString().startsWith("System.exit(0) was called"));
        assertTrue(error("halt").get("evalue").getAsString().startsWith("Runtime.halt(3) was called"));
        assertTrue(error("exit-ref").get("evalue").getAsString().startsWith("System.exit(5) was called"), "a method reference is caught too");
        assertEquals("before\n", stream(answer("exit"), "stdout"), "the cell ran up to the call and stopped there");
        assertEquals("ok", status(answer("survived")));
        assertEquals("42", text(result("survived")), "the kernel and its variables survived");
    }

    @Test
    void endlessOutputIsCappedWithANote() {
        String out = stream(answer("flood"), "stdout");
        assertEquals(1 << 20, out.getBytes(StandardCharsets.UTF_8).length, "exactly the 1 MB limit is sent");
        assertTrue(out.startsWith("0123456789"));
        String note = stream(answer("flood"), "stderr");
        long dropped = 100L * 300_000 - (1 << 20);
        assertTrue(note.contains(String.format(java.util.Locale.ROOT, "%,d bytes", dropped)) && note.contains("were dropped"),
                "the note says how much was dropped: " + note);
        assertEquals("small\n", stream(answer("after-flood"), "stdout"), "the next cell has its own budget");
    }

    @Test
    void mavenResolvesTransitivelyFromARepositoryAndAddsToTheClassPath() {
        JsonObject maven = answer("maven");
        assertEquals("ok", status(maven), maven.toString());
        assertEquals("hello from B", text(result("maven")), "tiny-a's class calls its dependency tiny-b's");
        String said = stream(maven, "stdout");
        assertTrue(said.contains("tiny-a-1.0.jar") && said.contains("tiny-b-1.0.jar"), said);
        assertTrue(Files.isRegularFile(dir.resolve("m2/org/example/tiny-b/1.0/tiny-b-1.0.jar")), "resolved into the local repository");
        String cp = stream(answer("classpath"), "stdout");
        assertTrue(cp.contains("tiny-a-1.0.jar") && cp.contains("tiny-b-1.0.jar"), "%classpath lists them: " + cp);
    }

    @Test
    void loadTimeAndLsmagic() {
        assertEquals("hi there 7", text(result("load")), "%load ran the file's declarations");
        JsonObject time = answer("time");
        assertEquals("timed", text(result("time")));
        Matcher m = Pattern.compile("CPU time: ([0-9.]+) (µs|ms|s) \\(all threads of the kernel\\), Wall time: ([0-9.]+) (ms|s)")
                .matcher(stream(time, "stdout"));
        assertTrue(m.find(), stream(time, "stdout"));
        double wall = Double.parseDouble(m.group(3)) * (m.group(4).equals("s") ? 1000 : 1);
        assertTrue(wall >= 300, "the wall time covers the 300 ms sleep: " + wall + " ms");
        String ls = stream(answer("lsmagic"), "stdout");
        for (String magic : List.of("%maven", "%mavenRepo", "%jars", "%classpath", "%load", "%lsmagic", "%%time"))
            assertTrue(ls.contains(magic), magic + " in " + ls);
        JsonObject bad = error("bad-magic");
        assertTrue(bad.get("evalue").getAsString().contains("Unknown line magic %mavne"), bad.toString());
    }

    @Test
    void richDisplayMimeTypes() {
        JsonObject chart = result("chart").getAsJsonObject("data");
        assertTrue(chart.has("image/png"), "an XChart chart is a PNG: " + chart.keySet());
        assertTrue(text(result("chart")).startsWith("XYChart 320x200"), text(result("chart")));
        JsonObject table = result("table").getAsJsonObject("data");
        String html = table.get("text/html").getAsString();
        assertTrue(html.startsWith("<table>") && html.contains("<th>n</th>") && html.contains("<td>19</td>"), html);
        assertFalse(html.contains("<td>20</td>"), "only the first 20 rows");
        assertTrue(html.contains("20 of 50 rows shown (30 more)"), html);
        JsonObject tensor = result("tensor").getAsJsonObject("data");
        assertTrue(tensor.get("text/plain").getAsString().startsWith("Tensor (3, 3)"), tensor.toString());
        String grid = tensor.get("text/html").getAsString();
        assertTrue(grid.contains("<table") && grid.contains(">15</td>") && grid.contains(">20</td>"), grid);
        JsonObject widget = result("widget").getAsJsonObject("data");
        assertEquals("Explorer (HTML)", widget.get("text/plain").getAsString());
        assertTrue(widget.get("text/html").getAsString().contains("<script"), "an explorer is its HTML page fragment");
        assertTrue(result("image").getAsJsonObject("data").has("image/png"));
        assertEquals("image 30x20", text(result("image")));
        // the whole PNG arrives (the protocol library's own image renderer could cut its last bytes)
        byte[] png = java.util.Base64.getDecoder().decode(result("image").getAsJsonObject("data").get("image/png").getAsString());
        java.awt.image.BufferedImage decoded = assertDoesNotThrow(() -> javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)));
        assertNotNull(decoded, "image/png decodes");
        assertEquals(30, decoded.getWidth());
        assertEquals(20, decoded.getHeight());
        assertEquals("IEND", new String(png, png.length - 8, 4, java.nio.charset.StandardCharsets.US_ASCII), "the PNG ends with its IEND chunk");
    }

    @Test
    void anUpdateFromAThreadThatOutlivesItsCellReachesTheNotebook() {
        JsonObject cell = answer("late-display");
        assertEquals("ok", status(cell));
        String id = text(result("late-display")).replace("\"", "");
        List<JsonObject> late = new ArrayList<>();
        for (com.google.gson.JsonElement e : answer("late-update").getAsJsonArray("outputs")) {
            JsonObject m = e.getAsJsonObject();
            if (m.get("msg_type").getAsString().equals("update_display_data")) late.add(m);
        }
        assertFalse(late.isEmpty(), "updates after the cell's reply reach the client: " + answer("late-update"));
        for (JsonObject m : late) {
            assertEquals(id, m.getAsJsonObject("content").getAsJsonObject("transient").get("display_id").getAsString());
            assertEquals(cell.get("msg_id").getAsString(), m.get("parent").getAsString(),
                    "the parent is the request of the cell that showed the output");
        }
        int during = outputs(cell, "update_display_data").size();
        assertEquals(12, during + late.size(), "every update arrives once, during the cell or after it");
        assertEquals("late 12", late.get(late.size() - 1).getAsJsonObject("content").getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void displayReturnsAnIdThatUpdateDisplayReplaces() {
        JsonObject a = answer("display");
        List<JsonObject> shown = outputs(a, "display_data");
        List<JsonObject> updated = outputs(a, "update_display_data");
        assertEquals(1, shown.size(), a.toString());
        assertEquals(1, updated.size(), a.toString());
        String id = shown.get(0).getAsJsonObject("transient").get("display_id").getAsString();
        assertEquals(id, updated.get(0).getAsJsonObject("transient").get("display_id").getAsString());
        assertEquals(id, text(result("display")), "display(...) returned the id");
        assertTrue(shown.get(0).getAsJsonObject("data").has("image/png"));
        assertEquals("replaced", updated.get(0).getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void tracebacksAreColouredLikeIPythons() {
        JsonObject exit = error("exit");
        List<String> tb = lines(exit.getAsJsonArray("traceback"));
        assertEquals(RED + "convkit.jupyter.ExitBlockedError\u001b[0m: " + exit.get("evalue").getAsString(), tb.get(0));
        assertEquals(RED + "----> In [2] line 2: System.exit(0);\u001b[0m", tb.get(1), "the cell line in red");
        List<String> compile = lines(error("compile-error").getAsJsonArray("traceback"));
        assertEquals(RED + "error (cell line 1):\u001b[0m cannot find symbol", compile.get(0));
        assertTrue(compile.contains(RED + "    int z = undefinedName + 1;\u001b[0m"), compile.toString());
        assertTrue(compile.contains(RED + "            ^\u001b[0m"), "the caret under the name, in red: " + compile);
    }

    @Test
    void inspectionShowsSignatureAndTheLibrarysJavadoc() {
        JsonObject method = answer("inspect-method").getAsJsonObject("reply");
        assertTrue(method.get("found").getAsBoolean(), method.toString());
        String text = method.getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.startsWith("Tensor Tensor.parse(String text)"), text);
        assertTrue(text.contains("Reads a matrix written the way the slides print it"), "javadoc of Tensor.parse: " + text);
        String member = answer("inspect-member").getAsJsonObject("reply").getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(member.startsWith("double Tensor.sum()") && member.contains("Sum of all elements"), member);
        String type = answer("inspect-type").getAsJsonObject("reply").getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(type.startsWith("convkit.conv.Kernel2d"), type);
    }

    @Test
    void magicNamesComplete() {
        JsonObject line = answer("complete-line").getAsJsonObject("reply");
        assertEquals(List.of("%maven", "%mavenRepo"), lines(line.getAsJsonArray("matches")));
        assertEquals(0, line.get("cursor_start").getAsInt());
        assertEquals(List.of("%%time"), lines(answer("complete-cell").getAsJsonObject("reply").getAsJsonArray("matches")));
    }

    @Test
    void historyIsAnswered() {
        JsonObject reply = answer("history").getAsJsonObject("reply");
        assertEquals("ok", reply.get("status").getAsString());
        JsonArray history = reply.getAsJsonArray("history");
        int executed = (int) labels.stream().filter(l -> !l.startsWith("inspect") && !l.startsWith("complete") && !l.equals("history") && !l.equals("late-update")).count();
        assertEquals(executed, history.size());
        JsonArray first = history.get(0).getAsJsonArray();
        assertEquals(1, first.get(1).getAsInt(), "[session, line, input]");
        assertEquals("int kept = 41;", first.get(2).getAsString());
        assertEquals("kept + 1", history.get(2).getAsJsonArray().get(2).getAsString());
    }

    static List<String> lines(JsonArray array) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : array) out.add(e.getAsString());
        return out;
    }

    /** A Maven repository in a folder: org.example:tiny-a:1.0 depends on org.example:tiny-b:1.0. */
    static Path tinyRepository(Path root) throws IOException {
        Path src = Files.createDirectories(root.resolveSibling("tiny-src"));
        Path classes = Files.createDirectories(root.resolveSibling("tiny-classes"));
        Files.createDirectories(src.resolve("tiny/a"));
        Files.createDirectories(src.resolve("tiny/b"));
        Files.writeString(src.resolve("tiny/b/B.java"), "package tiny.b; public class B { public static String name() { return \"B\"; } }");
        Files.writeString(src.resolve("tiny/a/A.java"), "package tiny.a; public class A { public static String hello() { return \"hello from \" + tiny.b.B.name(); } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "--release", "17",
                src.resolve("tiny/b/B.java").toString(), src.resolve("tiny/a/A.java").toString());
        assertEquals(0, rc, "javac of the tiny artifacts");
        artifact(root, "tiny-b", classes, "tiny/b/B.class", "");
        artifact(root, "tiny-a", classes, "tiny/a/A.class",
                "<dependencies><dependency><groupId>org.example</groupId><artifactId>tiny-b</artifactId><version>1.0</version></dependency></dependencies>");
        return root;
    }

    private static void artifact(Path root, String name, Path classes, String classFile, String dependencies) throws IOException {
        Path d = Files.createDirectories(root.resolve("org/example/" + name + "/1.0"));
        try (OutputStream out = Files.newOutputStream(d.resolve(name + "-1.0.jar")); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(Files.readAllBytes(classes.resolve(classFile)));
            jar.closeEntry();
        }
        Files.writeString(d.resolve(name + "-1.0.pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>org.example</groupId><artifactId>" + name + "</artifactId><version>1.0</version>" + dependencies + "</project>");
        assertNotNull(d);
    }
}
