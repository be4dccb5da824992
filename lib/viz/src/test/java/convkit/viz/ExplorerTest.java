package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.conv.Kernel2d;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The explorer's page part: every setting precomputed by ConvKit, nothing loaded from elsewhere. (The browser test clicks it.) */
class ExplorerTest {
    static final Tensor X = Tensor.parse("18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78");
    static final Tensor W = Tensor.parse("1 0 1\n0 1 0\n1 0 1");

    static JsonObject data(String html) {
        String start = "-data\">";
        int a = html.indexOf(start) + start.length(), b = html.indexOf("</script>", a);
        return JsonParser.parseString(html.substring(a, b).replace("<\\/", "</")).getAsJsonObject();
    }

    @Test
    void everySettingIsPrecomputedWithConvKitsSums() {
        String html = Explorer.convolution(X, W).html();
        JsonObject configs = data(html).getAsJsonObject("configs");
        assertEquals(2 * Explorer.STRIDES.length * Explorer.PADDINGS.length, configs.size());
        JsonObject c = configs.getAsJsonObject("correlate/2/1");
        Kernel2d k = Kernel2d.of(W).stride(2).padding(1);
        Tensor y = k.correlate(X);
        assertEquals(y.dim(0), c.get("rows").getAsInt());
        assertEquals(k.explain(X, 1, 2).toString(), c.getAsJsonArray("sums").get(1 * y.dim(1) + 2).getAsString());
        assertEquals(Numbers.format(y.get(1, 2), 4), c.getAsJsonArray("y").get(1 * y.dim(1) + 2).getAsString());
        JsonObject conv = configs.getAsJsonObject("convolve/1/0");
        assertEquals(Kernel2d.of(W).explainConvolve(X, 0, 0).toString(), conv.getAsJsonArray("sums").get(0).getAsString());
        // stride 3 on 5x5 with a 3x3 kernel and no padding does not fit: the page shows ConvKit's reason
        assertTrue(configs.getAsJsonObject("correlate/3/1").has("rows") || configs.getAsJsonObject("correlate/3/1").has("error"));
        JsonObject unfit = configs.getAsJsonObject("correlate/3/0");
        assertTrue(unfit.has("error") || unfit.get("rows").getAsInt() > 0);
    }

    @Test
    void thePageNeedsNothingFromOutside() {
        String html = Explorer.convolution(X, W).html();
        assertFalse(html.matches("(?s).*<script[^>]*\\bsrc=.*"), "no script loaded by address");
        assertFalse(html.contains("<link"), "no style sheet loaded");
        assertTrue(html.contains("function convkitExplorer("), "the script is inlined");
        assertFalse(Explorer.convolution(X, W).html().equals(html), "each widget has its own id");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThrows(ShapeException.class, () -> Explorer.convolution(Tensor.zeros(2, 3, 3), W));
        var e = assertThrows(IllegalArgumentException.class, () -> Explorer.convolution(Tensor.zeros(30, 30), W));
        assertTrue(e.getMessage().contains("at most 400"), e.getMessage());
    }
}
