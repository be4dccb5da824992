package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.conv.ConvSpec;
import convkit.nn.Models;
import convkit.nn.ReceptiveField;
import convkit.nn.Sequential;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tracer's page part: ConvKit's fields embedded, nothing loaded from elsewhere. (The browser test clicks it.) */
class ReceptiveFieldTracerTest {

    /** The JSON the page embeds next to the script. */
    static JsonObject data(String html) {
        String start = "-data\">";
        int a = html.indexOf(start) + start.length(), b = html.indexOf("</script>", a);
        return JsonParser.parseString(html.substring(a, b).replace("<\\/", "</")).getAsJsonObject();
    }

    @Test
    void lenet5sFieldsAreEmbedded() {
        JsonObject d = data(ReceptiveFieldTracer.lenet5().html());
        var rf = ReceptiveField.of(Models.lenet5(0), 0);
        JsonArray layers = d.getAsJsonArray("layers");
        assertEquals(5, layers.size());
        assertEquals("pool2", layers.get(4).getAsJsonObject().get("name").getAsString());
        assertEquals(5, layers.get(4).getAsJsonObject().get("rows").getAsInt());
        JsonObject rows = d.getAsJsonObject("rows");
        for (int k = 1; k <= 4; k++)
            for (int i = 0; i < rf.units(k); i++) {
                JsonArray box = rows.getAsJsonArray("box").get(k).getAsJsonArray().get(i).getAsJsonArray();
                assertEquals(rf.box(k, i).first(), box.get(0).getAsInt());
                assertEquals(rf.box(k, i).last(), box.get(1).getAsInt());
                for (int m = 0; m < k; m++) {
                    JsonArray s = rows.getAsJsonArray("reach").get(k).getAsJsonArray().get(i).getAsJsonArray().get(m).getAsJsonArray();
                    assertEquals(java.util.Arrays.toString(rf.positions(m, k, i)), s.toString().replace(",", ", "),
                            "layer " + m + " under " + k + "/" + i);
                }
            }
        assertEquals(rf.formulas().size(), rows.getAsJsonArray("formulas").size());
        assertEquals(rf.formula(3), rows.getAsJsonArray("formulas").get(3).getAsString());
    }

    @Test
    void thePageNeedsNothingFromOutsideAndWidgetsDoNotClash() {
        String html = ReceptiveFieldTracer.lenet5().html();
        assertFalse(html.matches("(?s).*<script[^>]*\\bsrc=.*"), "no script loaded by address");
        assertFalse(html.contains("<link"), "no style sheet loaded");
        assertTrue(html.contains("function convkitReceptiveField("), "the script is inlined");
        String id = html.substring(html.indexOf("id=\"") + 4, html.indexOf('"', html.indexOf("id=\"") + 4));
        String other = ReceptiveFieldTracer.lenet5().html();
        assertNotEquals(id, other.substring(other.indexOf("id=\"") + 4, other.indexOf('"', other.indexOf("id=\"") + 4)));
        assertFalse(ReceptiveFieldTracer.script().contains("document.querySelector("), "the script looks only inside its own widget");
    }

    @Test
    void anImageIsShadedAndBadInputIsRefused() {
        Tensor img = Tensor.zeros(28, 28).set(5, 3, 4);
        JsonObject d = data(ReceptiveFieldTracer.of(Models.lenet5(0), img).html());
        assertEquals(0, d.getAsJsonArray("image").get(3).getAsJsonArray().get(4).getAsInt(), "the largest value is black");
        assertEquals(255, d.getAsJsonArray("image").get(0).getAsJsonArray().get(0).getAsInt());
        assertThrows(ShapeException.class, () -> ReceptiveFieldTracer.of(Models.lenet5(0), Tensor.zeros(20, 20)));
        var flat = Sequential.input(1, 8, 8).flatten().dense(2).build(0);
        var e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFieldTracer.of(flat));
        assertTrue(e.getMessage().contains("no conv or pool layer"), e.getMessage());
        // a dilated 3x3 conv: unit 0 reads input rows 0, 2, 4 only, and the page lists just those
        var dilated = Sequential.input(1, 12, 12).conv2d(2, 3, ConvSpec.dilation(2)).build(0);
        JsonObject rows = data(ReceptiveFieldTracer.of(dilated).html()).getAsJsonObject("rows");
        assertEquals("[0,2,4]", rows.getAsJsonArray("reach").get(1).getAsJsonArray().get(0).getAsJsonArray().get(0).toString());
    }
}
