package convkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import convkit.jupyter.NotebookRunner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every notebook headlessly on the real Java kernel through Jupyter (nbconvert), as CI does,
 * with the training knob {@value #KNOB} shrunk for CI, and checks what came out: no cell failed,
 * the cells of the lecture's examples print the lecture's numbers, and every picture was written
 * to a file that decodes, has a sensible size and is not blank.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksRunTest {
    static final String KNOB = "CONVKIT_NOTEBOOK_SCALE";
    /** The CI value of the knob, unless the environment already sets one (e.g. 1 for the full run). */
    static final String CI_SCALE = "0.02";
    static final Path IMAGES = Path.of("target", "notebook-images").toAbsolutePath();

    private final Map<String, NotebookRunner.Run> runs = new ConcurrentHashMap<>();

    static String scale() {
        String env = System.getenv(KNOB);
        return env == null || env.isBlank() ? CI_SCALE : env.trim();
    }

    /** Each notebook runs once per test class; a failing cell fails here with nbconvert's report. */
    NotebookRunner.Run run(String name) {
        return runs.computeIfAbsent(name, n -> NotebookRunner.execute(NotebookFiles.file(n), Map.of(KNOB, scale()), Duration.ofMinutes(15)));
    }

    static List<String> names() {
        return NotebookFiles.NAMES;
    }

    /** The text (printed and returned) of every cell tagged with {@code id}, with the cell ids. */
    String textOf(String id) {
        StringBuilder sb = new StringBuilder();
        for (String name : NotebookFiles.NAMES) {
            if (name.equals("00-index")) continue;
            JsonObject nb = run(name).json();
            for (var c : NotebookFiles.cells(nb)) {
                if (!c.tags().contains(id)) continue;
                for (JsonElement o : c.json().getAsJsonArray("outputs")) {
                    JsonObject out = o.getAsJsonObject();
                    if (out.has("text")) sb.append(joined(out.get("text")));
                    if (out.has("data") && out.getAsJsonObject("data").has("text/plain")) sb.append(joined(out.getAsJsonObject("data").get("text/plain"))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} runs on the kernel without a cell error")
    @MethodSource("names")
    void runsWithoutErrors(String name) {
        NotebookRunner.Run r = run(name);
        assertTrue(r.succeeded(), r.log());
        for (var c : NotebookFiles.cells(r.json())) {
            if (!c.type().equals("code")) continue;
            assertNotNull(c.json().get("execution_count"), name + " " + c.id() + " did not run");
            assertTrue(!c.json().get("execution_count").isJsonNull(), name + " " + c.id() + " did not run");
            for (JsonElement o : c.json().getAsJsonArray("outputs")) {
                assertTrue(!o.getAsJsonObject().get("output_type").getAsString().equals("error"), name + " " + c.id() + ": " + o);
            }
        }
    }

    /** Lecture id -> numbers its cells must print, in this order (the lecture's stated numbers, and a few derived ones the notes give). */
    static Map<String, List<String>> statedNumbers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("L01", List.of("30000"));
        m.put("L02", List.of("1 0.5 0.25"));
        m.put("L03", List.of("-1 2 1 2 0", "1 -2 -1 -2 0"));
        m.put("L04", List.of("2 2 2 2", "6 12 18 24"));
        m.put("L05", List.of("5", "9", "7"));
        m.put("L06", List.of("3 3"));
        m.put("L07", List.of("0 -2 -1 2 2 4 -1 0 0", "-1"));
        m.put("L08", List.of("4", "4 3 4 2 4 3 2 3 4"));
        m.put("L09", List.of("429", "429 505 686 261 792 412 633 653 851"));
        m.put("L10", List.of("139", "429"));
        m.put("L11", List.of("0.1111 0.1111 0.1111"));
        m.put("L12", List.of("24", "18", "7"));
        m.put("L13", List.of("0.0625 0.125 0.0625", "0 1 0 1 -4 1 0 1 0", "0 1 1 -1 0 1 -1 -1 0"));
        m.put("L14", List.of("2 2", "2 2", "5 5", "3 3"));
        m.put("L15", List.of("147 119 161 174"));
        m.put("L16", List.of("6 -5 8 1", "17 160 14 87"));
        m.put("L17", List.of("1000000000000", "100000000"));
        m.put("L18", List.of("1000000000000", "100000000", "4"));
        m.put("L19", List.of("100", "10000", "10100"));
        m.put("L20", List.of("1 2 0 3"));
        m.put("L21", List.of("6", "5", "5"));
        m.put("L22", List.of("1 0 0 0", "0 0 0 1", "3072"));
        m.put("L23", List.of("9", "5", "1"));
        m.put("L24", List.of("6600", "0"));
        m.put("L25", List.of("1 6 28 28"));
        m.put("L26", List.of("5", "3", "2.33"));
        m.put("L27", List.of("7 7", "1", "2", "3"));
        m.put("L28", List.of("32", "1 10 32 32"));
        m.put("L29", List.of("76", "760"));
        m.put("L30", List.of("32", "32", "32"));
        m.put("L31", List.of("3"));
        return m;
    }

    static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    /** The numbers in a text, thousands separators removed ("1,000" is one number). */
    static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text.replaceAll("(?<=\\d),(?=\\d{3})", ""));
        while (m.find()) out.add(Double.parseDouble(m.group()));
        return out;
    }

    /** Index just past the first run of {@code want} inside {@code have} at or after {@code from}, or -1. */
    static int find(List<Double> have, List<Double> want, int from) {
        outer:
        for (int i = from; i + want.size() <= have.size(); i++) {
            for (int k = 0; k < want.size(); k++) if (Math.abs(have.get(i + k) - want.get(k)) > 1e-4) continue outer;
            return i + want.size();
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statedNumbersIds")
    void theCellsPrintTheLecturesNumbers(String id) {
        String text = textOf(id);
        List<Double> have = numbers(text);
        int at = 0;
        for (String expected : statedNumbers().get(id)) {
            int next = find(have, numbers(expected), at);
            assertTrue(next >= 0, id + ": expected the numbers \"" + expected + "\" (in order) in its cells' output:\n" + text);
            at = next;
        }
    }

    static java.util.stream.Stream<String> statedNumbersIds() {
        return statedNumbers().keySet().stream();
    }

    /** Minimum number of pictures each notebook must show. */
    static final Map<String, Integer> MIN_IMAGES = Map.of("00-index", 0, "01-convolution", 25, "02-motives", 4, "03-pooling", 5, "04-networks", 14);

    @ParameterizedTest(name = "{0}: pictures written to files, decodable, sized, not blank")
    @MethodSource("names")
    void picturesAreWrittenAndNotBlank(String name) throws IOException {
        Path dir = Files.createDirectories(IMAGES.resolve(name));
        try (var old = Files.list(dir)) {   // pictures of an earlier run would otherwise mix with this one's
            for (Path p : old.toList()) if (p.getFileName().toString().endsWith(".png")) Files.delete(p);
        }
        int count = 0;
        for (var c : NotebookFiles.cells(run(name).json())) {
            if (!c.type().equals("code")) continue;
            int k = 0;
            for (JsonElement o : c.json().getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                if (!out.has("data") || !out.getAsJsonObject("data").has("image/png")) continue;
                byte[] png = Base64.getMimeDecoder().decode(joined(out.getAsJsonObject("data").get("image/png")));
                Path file = dir.resolve(c.id() + "-" + (++k) + ".png");
                Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
                Files.write(tmp, png);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                count++;
                assertTrue(Files.size(file) > 500, file + " is only " + Files.size(file) + " bytes");
                BufferedImage img = ImageIO.read(file.toFile());
                assertNotNull(img, file + " does not decode as PNG");
                int[] header = pngSize(Files.readAllBytes(file));
                assertEquals(header[0], img.getWidth(), file + ": width in the PNG header");
                assertEquals(header[1], img.getHeight(), file + ": height in the PNG header");
                assertTrue(img.getWidth() >= 100 && img.getHeight() >= 100 && img.getWidth() <= 4000 && img.getHeight() <= 4000,
                        file + " is " + img.getWidth() + "x" + img.getHeight() + ", outside 100..4000 px");
                double inked = inked(img);
                assertTrue(inked > 0.01, file + " is blank: only " + inked * 100 + "% of its pixels differ from the background");
                expectedSize(name, c).ifPresent(size -> assertEquals(size, img.getWidth() + "x" + img.getHeight(), file + ": chart size"));
            }
        }
        assertTrue(count >= MIN_IMAGES.get(name), name + " showed " + count + " pictures, expected at least " + MIN_IMAGES.get(name));
    }

    /** Cells whose picture is a single XChart chart have the library's fixed chart size. */
    static java.util.Optional<String> expectedSize(String name, NotebookFiles.Cell c) {
        if (c.tags().contains("V01") || c.tags().contains("V11")) return java.util.Optional.of(convkit.viz.Charts.WIDTH + "x" + convkit.viz.Charts.HEIGHT);
        return java.util.Optional.empty();
    }

    @Test
    void theCheckersThemselvesRejectWrongOutputAndBlankPictures() {
        assertEquals(-1, find(numbers("Tensor (2, 2)\n 147 119\n 161 175"), numbers("147 119 161 174"), 0), "a wrong last value");
        assertEquals(-1, find(numbers("174 161 119 147"), numbers("147 119 161 174"), 0), "the right values in the wrong order");
        assertEquals(1, find(numbers("1,000,000,000,000 (10^12)"), numbers("1000000000000"), 0), "thousands separators");
        BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        assertEquals(0.0, inked(blank));
        blank.setRGB(5, 5, 0xFFFFFF);
        assertTrue(inked(blank) < 0.01, "one pixel does not make a picture");
    }

    @Test
    void theTrainingKnobIsEchoed() {
        String text = run("04-networks").text();
        assertTrue(text.contains(KNOB + " = " + scale()), "notebook 04 must print the knob it uses:\n" + text);
    }

    /** A Java object's default toString: a class name, '@', a hash in hex (java.io.PrintStream@5f024e8f). */
    static final Pattern DEFAULT_TO_STRING = Pattern.compile("\\b[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*@[0-9a-f]{4,}\\b");
    /**
     * Float noise in printed numbers: seven or more decimals (1.0000000074505806, 0.6380663511479376)
     * or a whole number printed with ".0" (429.0); a duration to one decimal ("26.0 s") is formatting.
     */
    static final Pattern FLOAT_NOISE = Pattern.compile("(?<![\\w.])-?\\d+\\.\\d{7,}|(?<![\\w.])-?\\d+\\.0(?![\\d.%]|\\s*s\\b)");
    static final int MAX_CODE_LINE = 100;

    /** The lines of text (printed or returned) of every code cell, as "cell-id: line". */
    static List<String> outputLines(JsonObject notebook) {
        List<String> lines = new ArrayList<>();
        for (var c : NotebookFiles.cells(notebook)) {
            if (!c.type().equals("code")) continue;
            for (JsonElement o : c.json().getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                String text = out.has("text") ? joined(out.get("text"))
                        : out.has("data") && out.getAsJsonObject("data").has("text/plain") ? joined(out.getAsJsonObject("data").get("text/plain")) : "";
                for (String line : text.split("\n")) if (!line.isBlank()) lines.add(c.id() + ": " + line);
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "{0}: no default toString and no float noise in its output")
    @MethodSource("names")
    void outputIsReadable(String name) {
        List<String> bad = new ArrayList<>();
        for (String line : outputLines(run(name).json()))
            if (DEFAULT_TO_STRING.matcher(line).find() || FLOAT_NOISE.matcher(line).find()) bad.add(line);
        assertTrue(bad.isEmpty(), name + " prints an object's default toString or float noise:\n" + String.join("\n", bad));
    }

    @ParameterizedTest(name = "{0}: no code line over " + MAX_CODE_LINE + " characters")
    @MethodSource("names")
    void codeLinesFitThePage(String name) {
        List<String> bad = new ArrayList<>();
        for (var c : NotebookFiles.cells(NotebookFiles.read(NotebookFiles.file(name)))) {
            if (!c.type().equals("code")) continue;
            for (String line : joined(c.json().get("source")).split("\n"))
                if (line.length() > MAX_CODE_LINE) bad.add(c.id() + " (" + line.length() + "): " + line);
        }
        assertTrue(bad.isEmpty(), name + " has code lines over " + MAX_CODE_LINE + " characters (cut off in the HTML):\n" + String.join("\n", bad));
    }

    @Test
    void theReadabilityCheckersCatchWhatTheyShould() {
        assertTrue(DEFAULT_TO_STRING.matcher("java.io.PrintStream@5f024e8f").find());
        assertTrue(DEFAULT_TO_STRING.matcher("[I@1b6d3586").find() || DEFAULT_TO_STRING.matcher("Foo@1b6d3586").find());
        assertTrue(!DEFAULT_TO_STRING.matcher("mail me at someone@example.org").find(), "an address is not a toString");
        assertTrue(FLOAT_NOISE.matcher("weights sum to 1.0000000074505806").find());
        assertTrue(FLOAT_NOISE.matcher("y[1][1] = 429.0 (L09's 429)").find());
        assertTrue(FLOAT_NOISE.matcher("[0.6380663511479376, 0.23]").find());
        assertTrue(!FLOAT_NOISE.matcher("0.0625 0.125 and 29.5 s, 62.00%, version 1.0.2, 26.0 s").find(), "ordinary numbers");
    }

    static final Path PAGES = Path.of("target", "notebooks-html").toAbsolutePath();
    /** Largest page: the pictures are embedded, so this bounds what a student downloads per notebook. */
    static final long MAX_PAGE_BYTES = 3_000_000;

    /**
     * The exported pages open offline in headless Chromium (tests/browser/check-pages.js): nothing is
     * requested from outside the folder, nothing fails to load, every formula MathJax found was
     * typeset without error and no raw $...$ is left, every picture decodes, every link between pages
     * points to an .html page that exists, and the index links every notebook and every handout.
     */
    @Test
    void exportedPagesOpenOfflineWithFormulasTypeset() throws IOException {
        Map<String, Path> executed = new LinkedHashMap<>();
        for (String name : NotebookFiles.NAMES) executed.put(name, run(name).executedPath());
        ExportedHtml.export(executed, PAGES);
        var reports = ExportedHtml.browserReports(PAGES);
        List<String> handouts;
        try (var s = Files.list(NotebookFiles.dir().resolve("assignments"))) {
            handouts = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".ipynb")).sorted()
                    .map(f -> "assignments/" + f.replaceFirst("\\.ipynb$", ".html")).toList();
        }
        assertEquals(NotebookFiles.NAMES.size() + handouts.size(), reports.size(), "one report per page:\n" + reports);
        for (JsonElement e : reports) {
            JsonObject r = e.getAsJsonObject();
            String page = r.get("page").getAsString();
            for (String list : List.of("outside", "failed", "errors", "rawMath", "deadLinks"))
                assertEquals(0, r.getAsJsonArray(list).size(), page + ": " + list + " " + r.get(list));
            assertTrue(r.get("mathjax").getAsBoolean(), page + ": MathJax did not load or finish:\n" + r);
            assertEquals(r.get("formulas").getAsInt(), r.get("typeset").getAsInt(), page + ": formulas found vs typeset");
            assertEquals(0, r.get("mathErrors").getAsInt(), page + ": MathJax errors");
            assertEquals(0, r.get("brokenImages").getAsInt(), page + ": pictures that do not decode");
            assertTrue(Files.size(PAGES.resolve(page)) < MAX_PAGE_BYTES, page + " is " + Files.size(PAGES.resolve(page)) + " bytes");
            String name = page.replaceFirst("\\.html$", "");
            if (NotebookFiles.NAMES.contains(name)) {
                if (hasMath(NotebookFiles.read(NotebookFiles.file(name))))
                    assertTrue(r.get("formulas").getAsInt() > 0, page + ": the notebook has formulas, the page typeset none");
                assertTrue(r.get("images").getAsInt() >= MIN_IMAGES.get(name), page + ": " + r.get("images") + " pictures");
            }
        }
        checkExplorer(reports);
        ReceptiveFieldPage.check(reports);
        JsonObject index = reports.get(0).getAsJsonObject();
        assertEquals("00-index.html", index.get("page").getAsString());
        List<String> links = new ArrayList<>();
        for (JsonElement l : index.getAsJsonArray("links")) links.add(l.getAsString().replaceFirst("#.*", ""));
        for (String name : NotebookFiles.NAMES.subList(1, NotebookFiles.NAMES.size()))
            assertTrue(links.contains(name + ".html"), "the index links " + name + ".html: " + links);
        for (String h : handouts) assertTrue(links.contains(h), "the index links the handout " + h + ": " + links);
    }

    /**
     * The explorers work in the exported pages without a kernel: the convolution explorer of
     * notebook 01 (the L09 image and kernel) and the pooling explorer of notebook 03 (the L20 map),
     * driven by tests/browser/explorers-check.js and judged against ConvKit by {@link ExplorerReadings}.
     */
    static void checkExplorer(com.google.gson.JsonArray reports) {
        JsonObject conv = page(reports, "01-convolution.html"), pool = page(reports, "03-pooling.html");
        assertEquals(1, conv.getAsJsonArray("explorers").size(), "explorers on 01-convolution.html: " + conv.get("explorers"));
        assertEquals(1, pool.getAsJsonArray("poolExplorers").size(), "pooling explorers on 03-pooling.html: " + pool.get("poolExplorers"));
        var l09 = convkit.lecture.Lecture.example("L09");
        ExplorerReadings.convolution(conv.getAsJsonArray("explorers").get(0).getAsJsonObject(), l09.tensor("X"), l09.tensor("W"));
        ExplorerReadings.pooling(pool.getAsJsonArray("poolExplorers").get(0).getAsJsonObject(),
                convkit.lecture.Lecture.example("L20").tensor("X"));
    }

    static JsonObject page(com.google.gson.JsonArray reports, String name) {
        for (JsonElement e : reports) if (e.getAsJsonObject().get("page").getAsString().equals(name)) return e.getAsJsonObject();
        throw new AssertionError("no report for " + name);
    }

    /** Whether a notebook's Markdown has $...$ formulas. */
    static boolean hasMath(JsonObject notebook) {
        for (var c : NotebookFiles.cells(notebook))
            if (c.type().equals("markdown") && Pattern.compile("\\$[^$\n]+\\$").matcher(joined(c.json().get("source"))).find()) return true;
        return false;
    }

    /** Share of pixels that differ from the most common colour of the picture. */
    static double inked(BufferedImage img) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        int w = img.getWidth(), h = img.getHeight();
        for (int y = 0; y < h; y += 2) for (int x = 0; x < w; x += 2) counts.merge(img.getRGB(x, y), 1, Integer::sum);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(total);
        return (total - top) / (double) total;
    }

    /** Width and height from a PNG's IHDR chunk. */
    static int[] pngSize(byte[] png) {
        var in = new java.io.DataInputStream(new ByteArrayInputStream(png, 16, 8));
        try {
            return new int[] {in.readInt(), in.readInt()};
        } catch (IOException e) {
            throw new AssertionError("truncated PNG", e);
        }
    }

    static String joined(JsonElement e) {
        if (e.isJsonPrimitive()) return e.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement p : e.getAsJsonArray()) sb.append(p.getAsString());
        return sb.toString();
    }
}
