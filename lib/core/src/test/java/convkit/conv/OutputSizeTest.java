package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import org.junit.jupiter.api.Test;

class OutputSizeTest {

    @Test
    void theLectureFormula() {
        assertEquals(5, OutputSize.input(7).kernel(3).length());
        assertEquals(3, OutputSize.input(7).kernel(3).stride(2).length());
        assertEquals(7, OutputSize.input(7).kernel(3).padding(1).length());
        assertEquals(32, OutputSize.input(32).kernel(5).padding(2).length());
        assertEquals(28, OutputSize.input(32).kernel(5).length());
        // dilation 2 spreads a 3-tap kernel over 5 inputs
        assertEquals(3, OutputSize.input(7).kernel(3).dilation(2).length());
    }

    @Test
    void floorDropsThePartialWindowStrictExplainsIt() {
        assertEquals(2, OutputSize.input(7).kernel(3).stride(3).floor().length());
        var e = assertThrows(ShapeException.class, () -> OutputSize.input(7).kernel(3).stride(3).named("conv2d: output width").length());
        assertEquals("""
                conv2d: output width is not a whole number.
                  input W1=7, kernel F=3, stride S=3, padding P=0
                  W2 = (W1 - F + 2P)/S + 1 = (7 - 3 + 0)/3 + 1 = 4/3 + 1 = 2.33
                  Try stride 2 or stride 4, or padding 1 (-> (7 - 3 + 2)/3 + 1 = 3), or Rounding.FLOOR (spec.floor()) to drop the last partial window.""",
                e.getMessage());
    }

    @Test
    void kernelLargerThanPaddedInputSuggestsPadding() {
        var e = assertThrows(ShapeException.class, () -> OutputSize.input(3).kernel(7).floor().length());
        assertTrue(e.getMessage().contains("W1 + 2P = 3 < 7") && e.getMessage().contains("padding P >= 2"), e.getMessage());
    }

    @Test
    void nonsenseArgumentsAreRejected() {
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(0).kernel(3).length())
                .getMessage().contains("input length W1=0"));
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(5).kernel(0).length())
                .getMessage().contains("kernel length F=0"));
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(5).kernel(3).padding(-1).length())
                .getMessage().contains("P=-1"));
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(5).kernel(3).stride(0).length())
                .getMessage().contains("S=0"));
    }

    @Test
    void conv2dShapeIsNFH2W2() {
        assertEquals(Shape.of(8, 6, 28, 28), OutputSize.conv2d(Shape.of(8, 1, 32, 32), Shape.of(6, 1, 5, 5), ConvSpec.DEFAULT));
        assertEquals(Shape.of(1, 10, 16, 16), OutputSize.conv2d(Shape.of(1, 3, 32, 32), Shape.of(10, 3, 5, 5), ConvSpec.stride(2).withPadding(2).floor()));
    }
}
