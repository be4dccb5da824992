package convkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void parseReadsTheSlidesLayout() {
        Tensor t = Tensor.parse("""
                 2 10  8
                 5 15 20
                 6 11  9""");
        assertEquals(Shape.of(3, 3), t.shape());
        assertEquals(20, t.get(1, 2));
        assertEquals(Shape.of(4), Tensor.parse("1 2 3 4").shape());
        assertEquals(0.0625f, Tensor.parse("1/16 1/8").get(0));
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("[[1, 2], [3, 4]]".replace("], [", "]\n[")));
        assertEquals(Tensor.parse("1 -2\n3 4"), Tensor.parse("1\t-2\n\n3,4\n"));
        assertEquals(Tensor.parse("1 -2"), Tensor.parse("1 \u22122"), "the typeset minus sign");
    }

    @Test
    void toStringPrintsTheShapeThenAlignedIntegersWithoutDecimalPoint() {
        assertEquals("Tensor (2, 2)\n 147 119\n 161 174", Tensor.parse("147 119\n161 174").toString());
        assertEquals("Tensor (2, 3)\n   0  -2  -1\n 100   2   4", Tensor.parse("0 -2 -1\n100 2 4").toString());
        assertEquals("Tensor (3)\n 1 2 3", Tensor.of(1, 2, 3).toString());
    }

    @Test
    void toStringUsesFourDecimalsWhenAnyValueIsFractional() {
        assertEquals("Tensor (2)\n 0.7500 1.0000", Tensor.parse("0.75 1").toString());
        assertEquals("Tensor (2)\n    NaN 1.5000", Tensor.of(Double.NaN, 1.5).toString());
    }

    @Test
    void toStringShowsEachPlaneOfABatch() {
        String s = Tensor.arange(8).reshape(1, 2, 2, 2).toString();
        assertTrue(s.startsWith("Tensor (1, 2, 2, 2)\n[0, 0, :, :]\n 0 1\n 2 3\n[0, 1, :, :]\n 4 5\n 6 7"), s);
    }

    @Test
    void toStringSummarisesPlanesPastAboutSixtyLines() {
        String s = Tensor.zeros(1, 10, 32, 32).toString();
        assertTrue(s.contains("[0, 3, :, :]") && !s.contains("[0, 4, :, :]") && s.endsWith("... (6 more planes)"), s);
        assertTrue(Tensor.zeros(2, 3, 3, 3).toString().contains("[1, 2, :, :]"), "small batches print whole");
    }

    @Test
    void toStringElidesTheMiddleOfLargeMatrices() {
        String s = Tensor.zeros(30, 30).toString();
        assertTrue(s.contains("..."), s);
        assertTrue(s.lines().count() < 20, s);
    }

    @Test
    void equalityNeedsTheSameShapeAndValues() {
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.of(new double[][] {{1, 2}, {3, 4}}));
        assertEquals(Tensor.parse("1 2\n3 4").hashCode(), Tensor.of(new double[][] {{1, 2}, {3, 4}}).hashCode());
        assertNotEquals(Tensor.parse("1 2 3 4"), Tensor.parse("1 2\n3 4"));
        assertNotEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("1 2\n3 5"));
        assertTrue(Tensor.of(1, 2).allClose(Tensor.of(1.00001, 2), 1e-4));
    }

    @Test
    void seededRandomIsReproducible() {
        assertEquals(Tensor.randn(Shape.of(3, 4), 7), Tensor.randn(Shape.of(3, 4), 7));
        assertNotEquals(Tensor.randn(Shape.of(3, 4), 7), Tensor.randn(Shape.of(3, 4), 8));
        for (float v : Tensor.rand(Shape.of(100), 1).toArray()) assertTrue(v >= 0 && v < 1);
    }

    @Test
    void elementAccessIsRowMajor() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        assertEquals(1 * 12 + 2 * 4 + 3, t.get(1, 2, 3));
        assertEquals(t.offset(1, 2, 3), 23);
        assertEquals(Tensor.parse("12 13 14 15\n16 17 18 19\n20 21 22 23"), t.at(1));
    }

    @Test
    void badIndicesAndShapesAreExplained() {
        Tensor t = Tensor.zeros(2, 3);
        var rank = assertThrows(ShapeException.class, () -> t.get(1));
        assertTrue(rank.getMessage().contains("has 1 coordinates but the tensor (2, 3) has rank 2"), rank.getMessage());
        var range = assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertTrue(range.getMessage().contains("coordinate 0 must be in 0..1"), range.getMessage());
        var empty = assertThrows(ShapeException.class, () -> Tensor.parse("  \n "));
        assertTrue(empty.getMessage().contains("no numbers"), empty.getMessage());
        var data = assertThrows(ShapeException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(data.getMessage().contains("data has 5 values but shape (2, 3) needs 6"), data.getMessage());
    }
}
