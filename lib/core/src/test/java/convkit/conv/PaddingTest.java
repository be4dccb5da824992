package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.ShapeException;
import org.junit.jupiter.api.Test;

class PaddingTest {

    @Test
    void theLecturesThreeModes() {
        // narrow P = 0, wide P = F - 1, same P = (F - 1)/2
        for (int f : new int[] {1, 3, 5, 7}) {
            assertEquals(0, Padding.Mode.NARROW.resolve(f, 1));
            assertEquals(f - 1, Padding.Mode.WIDE.resolve(f, 1));
            assertEquals((f - 1) / 2, Padding.Mode.SAME.resolve(f, 1));
        }
    }

    @Test
    void dilationWidensTheSpan() {
        // F=3, D=2 covers 5 inputs: wide pads 4, same pads 2
        assertEquals(4, Padding.Mode.WIDE.resolve(3, 2));
        assertEquals(2, Padding.Mode.SAME.resolve(3, 2));
    }

    @Test
    void explicitPadding() {
        assertEquals(2, Padding.of(2).resolve(5, 1));
        assertTrue(assertThrows(ShapeException.class, () -> Padding.of(-3)).getMessage().contains("P=-3"));
    }

    @Test
    void sameNeedsAnOddKernel() {
        var e = assertThrows(ShapeException.class, () -> Padding.Mode.SAME.resolve(2, 1));
        assertTrue(e.getMessage().contains("F=2 gives P = 1/2"), e.getMessage());
    }
}
