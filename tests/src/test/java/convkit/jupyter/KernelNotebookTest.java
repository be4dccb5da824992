package convkit.jupyter;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the real kernel through real Jupyter ({@code jupyter nbconvert --execute}) on small
 * notebooks written here: text, images, state across cells, magics, and errors that fail the run.
 */
class KernelNotebookTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void jupyterIsInstalled() {
        // `./convkit test` installs Debian's Jupyter before the suite; say so plainly if it is missing.
        assertTrue(Files.isExecutable(Path.of("/usr/bin/jupyter")) || onPath("jupyter"),
                "Jupyter is not installed: run ./convkit setup (Debian packages jupyter-nbconvert jupyter-client python3-nbclient)");
    }

    @Test
    void smokeNotebookShowsTextImagesAndKeepsState() throws IOException {
        Path jar = jarOf(org.opentest4j.AssertionFailedError.class);
        Path nb = notebook("smoke",
                "int x = 20;\nString word = \"state\";",
                "System.out.println(\"x is \" + x);\nx * 2 + 2",
                "word + \" survives\"",
                // convkit.jsh ran: the library's classes need no import
                "Kernel2d.parse(\"1 8\\n-5 6\").correlate(Tensor.parse(\"2 10 8\\n5 15 20\\n6 11 9\"))",
                "import java.awt.image.BufferedImage;\n"
                        + "var img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);\n"
                        + "for (int i = 0; i < 64; i++) for (int j = 0; j < 48; j++) img.setRGB(i, j, (i * 4) << 16 | (j * 5) << 8 | 77);\n"
                        + "img",
                "System.out.println(\"before\");\ndisplay(img);\ndisplay(\"<b>bold</b>\", \"text/html\");\nSystem.out.println(\"after\");",
                "%jars " + jar + "\nnew org.opentest4j.AssertionFailedError(\"loaded from a jar\").getMessage()",
                "%classpath",
                "jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 2",
                "String.valueOf(java.awt.GraphicsEnvironment.isHeadless())");

        NotebookRunner.Run run = NotebookRunner.execute(nb);
        List<NotebookRunner.Cell> cells = run.cells();

        assertEquals("", cells.get(0).text(), "declarations show nothing");
        assertEquals("x is 20\n42\n", cells.get(1).text());
        assertEquals("state survives\n", cells.get(2).text());
        String conv = cells.get(3).text();
        assertTrue(conv.matches("(?s).*147\\s+119\\s+161\\s+174.*"), "lecture's cross-correlation result, got: " + conv);

        assertEquals(1, cells.get(4).pngs().size(), "a BufferedImage as last expression is one image output");
        checkPicture(cells.get(4).pngs().get(0));
        assertEquals("image/png", cells.get(4).outputs().get(0).keySet().stream().filter(k -> k.startsWith("image/")).findFirst().orElse(""));

        NotebookRunner.Cell shown = cells.get(5);
        assertEquals(1, shown.pngs().size());
        checkPicture(shown.pngs().get(0));
        List<String> kinds = shown.outputs().stream().map(o -> o.get("output_type") + (o.containsKey("text/html") ? ":html" : "")).collect(java.util.stream.Collectors.toList());
        assertEquals(List.of("stream", "display_data", "display_data:html", "stream"), kinds, "outputs in the order the cell made them");
        assertEquals("<b>bold</b>", shown.outputs().get(2).get("text/html"));

        assertEquals("loaded from a jar\n", cells.get(6).text(), "%jars put the jar on the class path");
        assertTrue(cells.get(7).text().contains(jar.toString()), "%classpath lists the added jar: " + cells.get(7).text());
        assertFalse(cells.get(7).text().contains("convkit-core"), "the library is on the kernel's own class path, not an added entry");
        assertEquals("true\n", cells.get(8).text(), "the Vector API module is added to the shell");
        assertEquals("true\n", cells.get(9).text(), "the kernel runs headless");
    }

    @Test
    void anExceptionFailsTheRunAndShowsTheExceptionText() throws IOException {
        Path nb = notebook("exception",
                "int before = 1;",
                "Tensor.parse(\"1 2\\n3\")",
                "System.out.println(\"never printed\");");
        NotebookRunner.Run run = NotebookRunner.run(nb, Map.of(), Duration.ofMinutes(5));
        assertFalse(run.succeeded());
        assertEquals(1, run.exitCode(), run.log());
        assertTrue(run.log().contains("ShapeException"), run.log());
        assertTrue(run.log().contains("every row of a matrix must have the same length"), run.log());
        assertTrue(run.log().contains("In [2] line 1"), "the traceback points at the notebook cell: " + run.log());
        assertFalse(run.log().contains("never printed"));
    }

    @Test
    void aCompileErrorFailsTheRunAndNamesTheProblem() throws IOException {
        Path nb = notebook("compile-error", "int ok = 1;\nint z = undefinedName + 1;");
        NotebookRunner.Run run = NotebookRunner.run(nb, Map.of(), Duration.ofMinutes(5));
        assertEquals(1, run.exitCode(), run.log());
        assertTrue(run.log().contains("CompilationException"), run.log());
        assertTrue(run.log().contains("cannot find symbol"), run.log());
        assertTrue(run.log().contains("undefinedName"), run.log());
        assertTrue(run.log().contains("cell line 2"), run.log());
    }

    @Test
    void jupytersInterruptStopsARunawayCell() throws IOException {
        // nbclient interrupts the kernel when a cell passes its timeout (interrupt_mode "message")
        Path nb = notebook("interrupt", "long n = 0;", "while (true) { n++; }");
        long start = System.nanoTime();
        NotebookRunner.Run run = NotebookRunner.run(nb, Map.of(), Duration.ofSeconds(5),
                List.of("--ExecutePreprocessor.interrupt_on_timeout=True"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, run.exitCode(), run.log());
        assertTrue(plain(run.log()).contains("InterruptedException: The cell was interrupted"), run.log());
        assertTrue(seconds < 60, "interrupt ended the run, it took " + seconds + " s");
    }

    @Test
    void ijavaTimeoutStopsALongStatement() throws IOException {
        Path nb = notebook("timeout", "while (true) { Thread.onSpinWait(); }");
        NotebookRunner.Run run = NotebookRunner.run(nb, Map.of("IJAVA_TIMEOUT", "2 SECONDS"), Duration.ofMinutes(2));
        assertEquals(1, run.exitCode(), run.log());
        assertTrue(run.log().contains("TimeoutException"), run.log());
        assertTrue(run.log().contains("IJAVA_TIMEOUT (2000 ms)"), run.log());
    }

    /** The image drawn in the smoke notebook, read back pixel by pixel from the PNG. */
    private static void checkPicture(byte[] png) throws IOException {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, Arrays.copyOf(png, 8), "PNG signature");
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        assertArrayEquals(iend, Arrays.copyOfRange(png, png.length - 12, png.length), "PNG ends with a complete IEND chunk");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "the bytes decode as an image");
        assertEquals(64, image.getWidth());
        assertEquals(48, image.getHeight());
        for (int[] p : new int[][]{{0, 0}, {10, 5}, {63, 47}, {31, 20}})
            assertEquals((p[0] * 4) << 16 | (p[1] * 5) << 8 | 77, image.getRGB(p[0], p[1]) & 0xffffff, "pixel " + Arrays.toString(p));
    }

    /** Writes a notebook (nbformat 4) with these code cells, set to ConvKit's kernel. */
    static Path notebook(String name, String... cells) throws IOException {
        JsonObject nb = new JsonObject();
        JsonArray list = new JsonArray();
        for (String source : cells) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("metadata", new JsonObject());
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", null);
            cell.addProperty("source", source);
            list.add(cell);
        }
        nb.add("cells", list);
        JsonObject spec = new JsonObject();
        spec.addProperty("name", NotebookRunner.KERNEL_NAME);
        spec.addProperty("display_name", "Java (ConvKit)");
        spec.addProperty("language", "java");
        JsonObject meta = new JsonObject();
        meta.add("kernelspec", spec);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 4);
        Path file = dir.resolve(name + ".ipynb");
        Files.writeString(file, new GsonBuilder().serializeNulls().create().toJson(nb), StandardCharsets.UTF_8);
        return file;
    }

    private static Path jarOf(Class<?> type) {
        try {
            Path p = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            assumeTrue(p.toString().endsWith(".jar"), "needs a class from a jar");
            return p;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text without ANSI colour codes: tracebacks colour the exception's name as IPython does. */
    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            if (Files.isExecutable(Path.of(d, command))) return true;
        return false;
    }
}
