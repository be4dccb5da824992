package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every built-in layer describes itself; the description builds the same layer again. */
class LayerConfigTest {

    static final List<Layer> ALL = List.of(new Conv2d(3, 4, 3, new ConvSpec(1, 2, 1, 0, 2, 1, convkit.conv.Rounding.FLOOR), false),
            new MaxPool2d(PoolSpec.max(3).withStride(2).withPadding(1)), new AvgPool2d(2), new Dense(12, 5),
            new Dropout(0.25, 9), new ReLU(), new Sigmoid(), new Tanh(), new Flatten());

    @Test
    void everyBuiltInLayerRoundTripsThroughItsConfig() {
        for (Layer l : ALL) {
            LayerConfig c = l.config().orElseThrow();
            assertEquals(l.getClass().getSimpleName(), c.type());
            Layer again = c.build();
            assertEquals(l.getClass(), again.getClass());
            assertEquals(c, again.config().orElseThrow(), c.type());
            // and back from the named fields, as a checkpoint reads them
            assertEquals(c, LayerConfig.of(c.type(), fields(c.fields())), c.type());
        }
    }

    @Test
    void theConfigsCarryTheLayersSettings() {
        var c = (Conv2d.Config) new Conv2d(3, 10, 5, ConvSpec.padding(2)).config().orElseThrow();
        assertEquals(new Conv2d.Config(3, 10, 5, ConvSpec.padding(2), true), c);
        assertArrayEquals(new int[] {2, 2}, (int[]) c.fields().get("padding"));
        assertEquals(List.of("in", "out", "kernel", "stride", "padding", "dilation", "rounding", "bias"), List.copyOf(c.fields().keySet()));
        assertEquals("W2 = (32 - 5 + 2*2)/1 + 1 = 32; (5*5*3)*10 + 10 = 760", c.formula(Shape.of(1, 3, 32, 32), Shape.of(1, 10, 32, 32), 760));
        assertEquals(new Dense.Config(400, 120), new Dense(400, 120).config().orElseThrow());
    }

    @Test
    void customLayersAndUnknownTypesHaveNone() {
        assertTrue(Sequential.of(new ReLU()).config().isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> LayerConfig.of("Conv3d", fields(Map.of())));
        assertTrue(e.getMessage().contains("Conv3d") && e.getMessage().contains("MaxPool2d"), e.getMessage());
    }

    private static LayerConfig.Fields fields(Map<String, Object> m) {
        return new LayerConfig.Fields() {
            public int integer(String name) { return ((Number) m.get(name)).intValue(); }
            public long longValue(String name) { return ((Number) m.get(name)).longValue(); }
            public double number(String name) { return ((Number) m.get(name)).doubleValue(); }
            public boolean flag(String name) { return (Boolean) m.get(name); }
            public String text(String name) { return (String) m.get(name); }
            public int[] pair(String name) { return (int[]) m.get(name); }
        };
    }
}
