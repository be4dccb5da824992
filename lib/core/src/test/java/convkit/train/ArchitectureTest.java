package convkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.nn.Models;
import convkit.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureTest {
    @TempDir
    Path dir;

    static final String LENET5 = """
            {"input": [1, 28, 28], "layers": [
              {"type": "Conv2d", "out": 6, "kernel": 5, "padding": 2}, {"type": "ReLU"}, {"type": "MaxPool2d", "window": 2},
              {"type": "Conv2d", "out": 16, "kernel": 5}, {"type": "ReLU"}, {"type": "MaxPool2d", "window": 2},
              {"type": "Flatten"}, {"type": "Dense", "out": 120}, {"type": "ReLU"},
              {"type": "Dense", "out": 84}, {"type": "ReLU"}, {"type": "Dense", "out": 10}]}""";

    @Test
    void theShortDescriptionBuildsLeNet5() throws Exception {
        Sequential a = Architecture.of(LENET5), named = Architecture.of("lenet5");
        assertEquals(Models.lenet5(0).toString(), a.toString());
        assertEquals(61_706, a.parameterCount());
        assertEquals(named.toString(), a.toString());
        Path f = dir.resolve("arch.json");
        Files.writeString(f, LENET5);
        assertEquals(a.toString(), Architecture.of(f.toString()).toString());
    }

    @Test
    void everyLayerKindRoundTripsThroughToJson() {
        Sequential odd = CheckpointTest.trainedLooking(1);
        Sequential back = Architecture.fromJson(Architecture.toJson(odd), "test");
        assertEquals(odd.toString(), back.toString());
        assertEquals(Architecture.toJson(odd), Architecture.toJson(back));
    }

    @Test
    void mistakesAreNamed() {
        assertMessage("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"Conv2d\", \"out\": 6, \"kernel\": 5, \"paddding\": 2}]}",
                "layer 0 (Conv2d): unknown field \"paddding\"; known: bias, dilation, in, kernel, out, padding, rounding, stride, type");
        assertMessage("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"Conv2d\", \"kernel\": 5}]}", "layer 0 (Conv2d): needs \"out\"");
        assertMessage("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"BatchNorm2d\"}]}", "unknown type; one of Conv2d, MaxPool2d");
        assertMessage("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"Dense\", \"out\": 10}]}", "add {\"type\": \"Flatten\"} first");
        assertMessage("{\"input\": [1, 28, 28], \"layers\": [{\"type\": \"Conv2d\", \"out\": 6, \"kernel\": 5, \"stride\": 2}]}",
                "(28 - 5 + 0)/2 + 1");
        assertMessage("{\"layers\": []}", "needs \"input\": [channels, height, width]");
        assertMessage("lenet6", "not a model name (lenet5, cnn1, widecnn), not JSON");
    }

    private static void assertMessage(String spec, String part) {
        var e = assertThrows(IllegalArgumentException.class, () -> Architecture.of(spec));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
