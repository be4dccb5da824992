package convkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import convkit.conv.Explanation;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.pool.PoolExplanation;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import convkit.viz.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges what tests/browser/explorers-check.js read back from the explorers of a page against
 * ConvKit itself: for the settings the page says are chosen, the outputs shown, the sum of the
 * chosen (or hovered) cell as {@code explain()} prints it, the window outlined in the padded input,
 * the max's winner, and which options are disabled (exactly those ConvKit rejects, with its reason).
 */
final class ExplorerReadings {
    private ExplorerReadings() {}

    static final Pattern INDEX = Pattern.compile("x\\[(-?\\d+)]\\[(-?\\d+)]");

    /** The convolution explorer's readings for map x and kernel w (see explorers-check.js, convolution). */
    static void convolution(JsonObject r, Tensor x, Tensor w) {
        assertFalse(r.has("error"), "the explorer could not be driven: " + r);
        assertEquals(Kernel2d.of(w).explain(x, 0, 0).toString(), r.getAsJsonObject("first").get("sum").getAsString(), "first sum shown");
        JsonArray steps = r.getAsJsonArray("steps");
        for (JsonElement e : steps) convolutionStep(e.getAsJsonObject(), x, w);
        JsonObject clicked = steps.get(0).getAsJsonObject(), hovered = steps.get(1).getAsJsonObject();
        assertEquals("2", clicked.getAsJsonObject("controls").get("dilation").getAsString());
        assertEquals("same", clicked.getAsJsonObject("controls").get("mode").getAsString());
        int rows = clicked.getAsJsonArray("output").size(), cols = clicked.getAsJsonArray("output").get(0).getAsJsonArray().size();
        assertEquals(cell(rows - 1, cols - 1), current(clicked), "the clicked last cell is the chosen one");
        assertEquals(cell(0, Math.min(1, cols - 1)), current(hovered), "hovering shows the hovered cell");
        assertEquals(current(clicked), current(steps.get(2).getAsJsonObject()), "leaving shows the clicked cell again");
        JsonObject playing = steps.get(3).getAsJsonObject(), paused = steps.get(4).getAsJsonObject();
        assertTrue(playing.get("playing").getAsBoolean(), "the play button says it plays");
        assertNotEquals(current(clicked), current(playing), "playing moved the window on");
        assertFalse(paused.get("playing").getAsBoolean(), "pause stops");
        assertEquals(current(paused), current(steps.get(5).getAsJsonObject()), "nothing moves while paused");
        List<Integer> was = current(paused), next = current(steps.get(6).getAsJsonObject());
        int n = (was.get(0) * cols + was.get(1) + 1) % (rows * cols);
        assertEquals(cell(n / cols, n % cols), next, "next position goes one cell on, row by row");
        JsonObject conv = steps.get(7).getAsJsonObject(), explicit = steps.get(8).getAsJsonObject();
        assertEquals(Map.of("op", "convolve", "stride", "2", "mode", "full"), pick(conv, "op", "stride", "mode"));
        assertEquals(cell(0, 0), current(conv));
        assertEquals(Map.of("mode", "explicit", "pad", "1", "dilation", "1"), pick(explicit, "mode", "pad", "dilation"));
        for (JsonElement e : steps) assertEquals(0, e.getAsJsonObject().getAsJsonArray("refused").size(), "refused controls: " + e);
    }

    static Kernel2d kernel(Tensor w, JsonObject c) {
        Kernel2d k = Kernel2d.of(w).stride(c.get("stride").getAsInt()).dilation(c.get("dilation").getAsInt());
        return switch (c.get("mode").getAsString()) {
            case "explicit" -> k.padding(c.get("pad").getAsInt());
            case "valid" -> k.narrow();
            case "same" -> k.same();
            case "full" -> k.wide();
            default -> throw new AssertionError("unknown mode " + c);
        };
    }

    /** ConvKit's reason for rejecting a setting, or null when it computes. */
    static String convRejects(Tensor x, Tensor w, JsonObject c) {
        try {
            Kernel2d k = kernel(w, c);
            if (c.get("op").getAsString().equals("convolve")) k.convolve(x);
            else k.correlate(x);
            return null;
        } catch (ShapeException e) {
            return e.getMessage();
        }
    }

    static void convolutionStep(JsonObject s, Tensor x, Tensor w) {
        String what = s.get("what").getAsString() + " " + s.get("controls");
        JsonObject c = s.getAsJsonObject("controls");
        checkOptions(s, what, alt -> convRejects(x, w, alt), !c.get("mode").getAsString().equals("explicit") ? "pad" : null);
        Kernel2d k = kernel(w, c);
        boolean convolve = c.get("op").getAsString().equals("convolve");
        Tensor y = convolve ? k.convolve(x) : k.correlate(x);
        int ph = k.spec().padH(), pw = k.spec().padW();
        assertTrue(s.get("note").getAsString().contains("= " + (ph == pw ? ph + ";" : ph + " rows, " + pw + " columns;")),
                what + ": the mode's note names the padding: " + s.get("note"));
        checkInput(s, x, ph, pw, "0", what);
        assertEquals(texts(y), s.getAsJsonArray("output").toString(), what + ": the output shown");
        List<Integer> at = current(s);
        Explanation e = convolve ? k.explainConvolve(x, at.get(0), at.get(1)) : k.explain(x, at.get(0), at.get(1));
        assertEquals(e.toString(), s.get("sum").getAsString(), what + ": the sum shown for " + at);
        TreeSet<String> window = new TreeSet<>();
        for (Explanation.Term t : e.terms()) {
            Matcher m = INDEX.matcher(t.inputIndex());
            assertTrue(m.matches(), t.inputIndex());
            window.add((Integer.parseInt(m.group(1)) + ph) + "," + (Integer.parseInt(m.group(2)) + pw));
        }
        assertEquals(window, cells(s.getAsJsonArray("window")), what + ": the window outlined for " + at + " (padded coordinates)");
    }

    /** The pooling explorer's readings for map x (see explorers-check.js, pooling). */
    static void pooling(JsonObject r, Tensor x) {
        assertFalse(r.has("error"), "the explorer could not be driven: " + r);
        assertEquals(Pool.max(2).explain(x, 0, 0).toString(), r.getAsJsonObject("first").get("sum").getAsString(), "first sum shown");
        JsonArray steps = r.getAsJsonArray("steps");
        for (JsonElement e : steps) poolingStep(e.getAsJsonObject(), x);
        JsonObject clicked = steps.get(0).getAsJsonObject();
        assertEquals(Map.of("kind", "avg", "window", "3", "stride", "1"), pick(clicked, "kind", "window", "stride"));
        int rows = clicked.getAsJsonArray("output").size(), cols = clicked.getAsJsonArray("output").get(0).getAsJsonArray().size();
        assertEquals(cell(rows - 1, cols - 1), current(clicked));
        assertEquals(cell(0, 0), current(steps.get(1).getAsJsonObject()), "hovering shows the hovered cell");
        assertEquals(current(clicked), current(steps.get(2).getAsJsonObject()), "leaving shows the clicked cell again");
        assertEquals(Map.of("kind", "max", "pad", "1"), pick(steps.get(3).getAsJsonObject(), "kind", "pad"));
        assertEquals(Map.of("window", "2", "stride", "2", "pad", "0"), pick(steps.get(4).getAsJsonObject(), "window", "stride", "pad"));
        for (JsonElement e : steps) assertEquals(0, e.getAsJsonObject().getAsJsonArray("refused").size(), "refused controls: " + e);
    }

    static Pool pool(JsonObject c) {
        int k = c.get("window").getAsInt();
        Pool p = c.get("kind").getAsString().equals("max") ? Pool.max(k) : Pool.avg(k);
        return p.stride(c.get("stride").getAsInt()).padding(c.get("pad").getAsInt());
    }

    static String poolRejects(Tensor x, JsonObject c) {
        try {
            pool(c).apply(x);
            return null;
        } catch (ShapeException e) {
            return e.getMessage();
        }
    }

    static void poolingStep(JsonObject s, Tensor x) {
        String what = s.get("what").getAsString() + " " + s.get("controls");
        JsonObject c = s.getAsJsonObject("controls");
        checkOptions(s, what, alt -> poolRejects(x, alt), null);
        Pool pool = pool(c);
        int p = c.get("pad").getAsInt();
        boolean max = c.get("kind").getAsString().equals("max");
        checkInput(s, x, p, p, max ? "-" : "0", what);
        assertEquals(texts(pool.apply(x)), s.getAsJsonArray("output").toString(), what + ": the output shown");
        List<Integer> at = current(s);
        PoolExplanation e = pool.explain(x, at.get(0), at.get(1));
        assertEquals(e.toString(), s.get("sum").getAsString(), what + ": how " + at + " was formed");
        TreeSet<String> window = new TreeSet<>();
        for (PoolExplanation.Cell t : e.cells()) window.add((t.r() + p) + "," + (t.q() + p));
        assertEquals(window, cells(s.getAsJsonArray("window")), what + ": the window outlined for " + at);
        TreeSet<String> winner = new TreeSet<>();
        if (max) winner.add((e.winningCell().r() + p) + "," + (e.winningCell().q() + p));
        assertEquals(winner, cells(s.getAsJsonArray("winner")), what + ": the input marked as the max's winner");
    }

    /**
     * Each option of each control is disabled exactly when ConvKit rejects it with the other
     * controls as they are, and the page gives ConvKit's reason. {@code off} names a control the
     * page disables as a whole (padding, when a mode sets it).
     */
    static void checkOptions(JsonObject s, String what, Function<JsonObject, String> rejects, String off) {
        JsonObject controls = s.getAsJsonObject("controls");
        for (var role : s.getAsJsonObject("options").entrySet()) {
            for (JsonElement o : role.getValue().getAsJsonArray()) {
                String value = o.getAsJsonObject().get("value").getAsString();
                JsonObject alt = controls.deepCopy();
                alt.addProperty(role.getKey(), value);
                String reason = value.equals(controls.get(role.getKey()).getAsString()) ? null : rejects.apply(alt);
                assertEquals(reason != null, o.getAsJsonObject().get("disabled").getAsBoolean(),
                        what + ": option " + role.getKey() + "=" + value + " disabled? ConvKit says: " + reason);
                if (reason != null && !role.getKey().equals(off))
                    assertTrue(s.get("why").getAsString().contains(reason), what + ": the page says why " + role.getKey() + "=" + value
                            + " is not offered: " + reason + "\nit says: " + s.get("why"));
            }
        }
    }

    /** The input shown: x in the middle, {@code pad} in the border of ph rows and pw columns. */
    static void checkInput(JsonObject s, Tensor x, int ph, int pw, String pad, String what) {
        JsonArray in = s.getAsJsonArray("input");
        assertEquals(x.dim(0) + 2 * ph, in.size(), what + ": rows of the padded input");
        for (int i = 0; i < in.size(); i++) {
            JsonArray row = in.get(i).getAsJsonArray();
            assertEquals(x.dim(1) + 2 * pw, row.size(), what + ": columns of the padded input");
            for (int j = 0; j < row.size(); j++) {
                int r = i - ph, q = j - pw;
                boolean inside = r >= 0 && q >= 0 && r < x.dim(0) && q < x.dim(1);
                assertEquals(inside ? Numbers.format(x.get(r, q), 4) : pad, row.get(j).getAsString(), what + ": input cell " + i + "," + j);
            }
        }
    }

    static String texts(Tensor y) {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < y.dim(0); i++) {
            JsonArray row = new JsonArray();
            for (int j = 0; j < y.dim(1); j++) row.add(Numbers.format(y.get(i, j), 4));
            rows.add(row);
        }
        return rows.toString();
    }

    static List<Integer> current(JsonObject s) {
        JsonArray cur = s.getAsJsonArray("current");
        assertEquals(1, cur.size(), s.get("what") + ": exactly one output cell is marked: " + cur);
        return List.of(cur.get(0).getAsJsonArray().get(0).getAsInt(), cur.get(0).getAsJsonArray().get(1).getAsInt());
    }

    static List<Integer> cell(int i, int j) {
        return List.of(i, j);
    }

    static TreeSet<String> cells(JsonArray a) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonElement e : a) out.add(e.getAsJsonArray().get(0).getAsInt() + "," + e.getAsJsonArray().get(1).getAsInt());
        return out;
    }

    static Map<String, String> pick(JsonObject s, String... roles) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String role : roles) m.put(role, s.getAsJsonObject("controls").get(role).getAsString());
        return m;
    }

}
