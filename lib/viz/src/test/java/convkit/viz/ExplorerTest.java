package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.conv.Conv2dKernels;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.pool.Pool2dKernels;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The explorers' page part: every setting the controls offer precomputed by ConvKit (checked here
 * against the reference implementations), nothing loaded from elsewhere. (The browser test clicks them.)
 */
class ExplorerTest {
    static final Tensor X = Tensor.parse("18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78");
    static final Tensor W = Tensor.parse("1 0 1\n0 1 0\n1 0 1");

    static JsonObject data(String html) {
        String start = "-data\">";
        int a = html.indexOf(start) + start.length(), b = html.indexOf("</script>", a);
        return JsonParser.parseString(Explorer.unpack(html.substring(a, b))).getAsJsonObject();
    }

    static Tensor random(Random rnd, int h, int w) {
        Tensor t = Tensor.zeros(h, w);
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) t.set(rnd.nextInt(19) - 9 + (rnd.nextInt(4) == 0 ? 0.5 : 0), i, j);
        return t;
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** Every setting of random maps and kernels (dilation and every mode included) against the reference convolution. */
    @Test
    void everyConvolutionSettingHoldsConvKitsOutputsAndSums() {
        Random rnd = new Random(14);
        for (int trial = 0; trial < 12; trial++) {
            Tensor x = random(rnd, 3 + rnd.nextInt(7), 3 + rnd.nextInt(7));
            Tensor w = random(rnd, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
            JsonObject d = data(Explorer.convolution(x, w).html());
            JsonObject settings = d.getAsJsonObject("settings");
            int checked = 0;
            for (String op : ConvolutionData.OPS)
                for (int s : Explorer.STRIDES)
                    for (int dil : Explorer.DILATIONS)
                        for (String mode : ConvolutionData.MODES)
                            for (int p : mode.equals("explicit") ? Explorer.PADDINGS : new int[] {-1}) {
                                String key = op + "/" + s + "/" + dil + "/" + mode + "/" + (p < 0 ? "-" : p);
                                JsonObject st = settings.getAsJsonObject(key);
                                String where = key + " for x " + x.shape() + ", kernel " + w.shape();
                                Kernel2d k = ConvolutionData.kernel(w, s, dil, mode, p).using(Conv2dKernels.reference());
                                Tensor y;
                                try {
                                    y = op.equals("convolve") ? k.convolve(x) : k.correlate(x);
                                } catch (ShapeException e) {
                                    assertEquals(e.getMessage(), st.get("error").getAsString(), where);
                                    continue;
                                }
                                assertFalse(st.has("error"), where + ": " + st);
                                JsonObject b = d.getAsJsonArray("blocks").get(st.get("block").getAsInt()).getAsJsonObject();
                                assertEquals(y.dim(0), b.get("rows").getAsInt(), where);
                                assertEquals(y.dim(1), b.get("cols").getAsInt(), where);
                                assertEquals(k.spec().padH(), b.get("padH").getAsInt(), where);
                                assertEquals(k.spec().padW(), b.get("padW").getAsInt(), where);
                                assertEquals(s, b.get("stride").getAsInt(), where);
                                assertEquals(dil, b.get("dilation").getAsInt(), where);
                                List<String> ys = new ArrayList<>(), sums = new ArrayList<>();
                                for (int i = 0; i < y.dim(0); i++)
                                    for (int j = 0; j < y.dim(1); j++) {
                                        ys.add(Numbers.format(y.get(i, j), 4));
                                        sums.add((op.equals("convolve") ? k.explainConvolve(x, i, j) : k.explain(x, i, j)).toString());
                                    }
                                assertEquals(ys, strings(b.getAsJsonArray("y")), where);
                                assertEquals(sums, strings(b.getAsJsonArray("sums")), where);
                                checked++;
                            }
            assertTrue(checked > 0, "no setting fits x " + x.shape() + " and kernel " + w.shape());
        }
    }

    @Test
    void theModeSaysWhichPaddingItMeansAndSameNeedsAnOddWindow() {
        JsonObject settings = data(Explorer.convolution(X, W).html()).getAsJsonObject("settings");
        assertEquals("same (等宽): P = (D(F-1)+1 - 1)/2 = 2; the dilated window covers D(F-1)+1 = 2*(3-1)+1 = 5 inputs",
                settings.getAsJsonObject("correlate/1/2/same/-").get("note").getAsString());
        assertEquals("full (wide, 宽): P = D(F-1) = 2; the dilated window covers D(F-1)+1 = 1*(3-1)+1 = 3 inputs",
                settings.getAsJsonObject("correlate/1/1/full/-").get("note").getAsString());
        JsonObject even = data(Explorer.convolution(X, Tensor.parse("1 8\n-5 6")).html()).getAsJsonObject("settings");
        String error = even.getAsJsonObject("correlate/1/1/same/-").get("error").getAsString();
        assertTrue(error.contains("needs an odd kernel"), error);
        assertFalse(even.getAsJsonObject("correlate/1/2/same/-").has("error"), "dilation 2 makes a 2-tap window 3 wide");
    }

    /** Every pooling setting against the reference pooling: outputs, Pool.explain texts, the winners. */
    @Test
    void everyPoolingSettingHoldsConvKitsPoolingAndExplanations() {
        Random rnd = new Random(15);
        for (int trial = 0; trial < 12; trial++) {
            Tensor x = random(rnd, 2 + rnd.nextInt(8), 2 + rnd.nextInt(8));
            JsonObject settings = data(Explorer.pooling(x).html()).getAsJsonObject("settings");
            for (String kind : PoolingData.KINDS)
                for (int k : Explorer.POOL_WINDOWS)
                    for (int s : Explorer.STRIDES)
                        for (int p : Explorer.POOL_PADDINGS) {
                            String key = kind + "/" + k + "/" + s + "/" + p, where = key + " for x " + x.shape();
                            JsonObject c = settings.getAsJsonObject(key);
                            Pool pool;
                            Tensor y;
                            try {
                                pool = PoolingData.pool(kind, k, s, p).using(Pool2dKernels.reference());
                                y = pool.apply(x);
                            } catch (ShapeException e) {
                                assertEquals(e.getMessage(), c.get("error").getAsString(), where);
                                continue;
                            }
                            assertFalse(c.has("error"), where + ": " + c);
                            List<String> ys = new ArrayList<>(), sums = new ArrayList<>(), winners = new ArrayList<>();
                            for (int i = 0; i < y.dim(0); i++)
                                for (int j = 0; j < y.dim(1); j++) {
                                    ys.add(Numbers.format(y.get(i, j), 4));
                                    var e = pool.explain(x, i, j);
                                    sums.add(e.toString());
                                    winners.add(String.valueOf(e.winner()));
                                }
                            assertEquals(ys, strings(c.getAsJsonArray("y")), where);
                            assertEquals(sums, strings(c.getAsJsonArray("sums")), where);
                            if (kind.equals("max")) assertEquals(winners, strings(c.getAsJsonArray("winners")), where);
                            assertEquals(p, c.get("pad").getAsInt(), where);
                        }
        }
    }

    @Test
    void thePageNeedsNothingFromOutside() {
        for (Explorer e : List.of(Explorer.convolution(X, W), Explorer.pooling(X))) {
            String html = e.html();
            assertFalse(html.matches("(?s).*<script[^>]*\\bsrc=.*"), "no script loaded by address");
            assertFalse(html.contains("<link") || html.contains("@import") || html.contains("http"), "nothing from elsewhere");
            assertFalse(e.html().equals(html), "each widget has its own id");
        }
        assertTrue(Explorer.convolution(X, W).html().contains("function convkitExplorer("), "the script is inlined");
        assertTrue(Explorer.pooling(X).html().contains("function convkitPoolExplorer("), "the script is inlined");
    }

    /** Page sizes for the report and a bound: a 28x28 map must stay well below the notebook page limit. */
    @Test
    void pagesStayASaneSize() {
        Random rnd = new Random(7);
        Tensor x7 = random(rnd, 7, 7), x28 = random(rnd, 28, 28), k3 = random(rnd, 3, 3);
        int conv7 = Explorer.convolution(x7, k3).html().length(), conv28 = Explorer.convolution(x28, k3).html().length();
        int pool7 = Explorer.pooling(x7).html().length(), pool28 = Explorer.pooling(x28).html().length();
        System.out.printf("explorer page sizes: convolution 7x7 %d, 28x28 %d; pooling 7x7 %d, 28x28 %d characters%n",
                conv7, conv28, pool7, pool28);
        assertTrue(conv7 < 60_000, "convolution 7x7: " + conv7);
        assertTrue(pool7 < 30_000, "pooling 7x7: " + pool7);
        assertTrue(conv28 < 1_000_000 && pool28 < 300_000, "28x28: " + conv28 + ", " + pool28);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        var e = assertThrows(ShapeException.class, () -> Explorer.convolution(Tensor.zeros(2, 3, 3), W));
        assertTrue(e.getMessage().contains("(H, W)"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Explorer.pooling(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("(H, W)"), e.getMessage());
        var big = assertThrows(IllegalArgumentException.class, () -> Explorer.convolution(Tensor.zeros(29, 29), W));
        assertTrue(big.getMessage().contains("at most 784"), big.getMessage());
        big = assertThrows(IllegalArgumentException.class, () -> Explorer.convolution(X, Tensor.zeros(8, 8)));
        assertTrue(big.getMessage().contains("at most 49"), big.getMessage());
        Tensor nan = Tensor.zeros(3, 3);
        nan.set(Double.NaN, 1, 1);
        var bad = assertThrows(IllegalArgumentException.class, () -> Explorer.pooling(nan));
        assertTrue(bad.getMessage().contains("NaN"), bad.getMessage());
        var none = assertThrows(NullPointerException.class, () -> Explorer.convolution(null, W));
        assertTrue(none.getMessage().contains("must not be null"), none.getMessage());
    }
}
