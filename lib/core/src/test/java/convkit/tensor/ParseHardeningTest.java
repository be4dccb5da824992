package convkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Tensor.parse never computes with a shape or a value the text did not mean. */
class ParseHardeningTest {

    static String message(Executable call) {
        return assertThrows(ShapeException.class, call).getMessage();
    }

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    @Test
    void nestedBracketsGiveTheirShape() {
        Tensor t = Tensor.parse("[[1, 2], [3, 4]]");
        assertEquals(Shape.of(2, 2), t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.buffer());
        assertEquals(Shape.of(2, 2, 2), Tensor.parse("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]").shape());
        assertEquals(Shape.of(1, 3), Tensor.parse("[[1, 2, 3]]").shape(), "NumPy's (1, 3) stays (1, 3)");
        assertEquals(Tensor.parse("1 2\n3 4"), Tensor.parse("[[1 2]\n [3 4]]"), "NumPy's printed form, without commas");
        // one level of brackets is still ignored, MATLAB's form still works
        assertEquals(Shape.of(3), Tensor.parse("[1, 2, 3]").shape());
        assertEquals(Shape.of(2, 2), Tensor.parse("[1 2; 3 4]").shape());
    }

    /** The pattern behind these is compiled on first use only (a reshape loads its class): the forms still read the same. */
    @Test
    void pastedArraysAreReadAsTheirBrackets() {
        Tensor expected = Tensor.parse("1 2\n3 4");
        assertEquals(expected, Tensor.parse("array([[1, 2],\n       [3, 4]])"));
        assertEquals(expected, Tensor.parse("np.array([[1, 2], [3, 4]])"));
        assertEquals(expected, Tensor.parse("numpy.array([[1, 2], [3, 4]], dtype=float32)"));
        assertEquals(expected, Tensor.parse("tensor([[1., 2.], [3., 4.]], dtype=torch.float64)"));
        assertEquals(expected, Tensor.parse("torch.tensor([[1., 2.],\n        [3., 4.]])"));
        assertEquals(Shape.of(2, 2), Tensor.parse("1 2\n3 4").reshape(2, -1).shape(), "a reshape before any pasted array");
        mentions(message(() -> Tensor.parse("(1, 2)")), "accepted forms");
    }

    @Test
    void irregularNestingIsRefusedWithTheAcceptedForms() {
        mentions(message(() -> Tensor.parse("[[1, 2], [3]]")), "row [1] has 1 entries", "first one at that depth has 2");
        mentions(message(() -> Tensor.parse("[[1, 2], 3]")), "element [1] is a number", "nesting must be regular");
        mentions(message(() -> Tensor.parse("[[1, 2], [3, 4]")), "never closed", "accepted forms", "[[1, 2], [3, 4]]");
        mentions(message(() -> Tensor.parse("[[1, 2]] 7")), "after the closing ']'");
        mentions(message(() -> Tensor.parse("[[]]")), "empty brackets");
    }

    @Test
    void divisionByZeroAndNumbersBeyondFloat32AreRefused() {
        mentions(message(() -> Tensor.parse("1/0 2")), "\"1/0\"", "divides by zero", "non-zero denominator");
        mentions(message(() -> Tensor.parse("1e39")), "\"1e39\"", "too large for float32", "3.4e38");
        mentions(message(() -> Tensor.parse("-1e39 1")), "\"-1e39\"", "too large for float32");
        mentions(message(() -> Tensor.parse("1 NaN")), "\"NaN\"", "not a number (NaN)");
        mentions(message(() -> Tensor.parse("Infinity")), "infinite");
        mentions(message(() -> Tensor.parse("[[1, 1/0]]")), "\"1/0\"", "divides by zero");
        assertEquals(3.4e38f, Tensor.parse("3.4e38").get(0), 1e32f);
    }

    @Test
    void nullTextIsNamed() {
        var e = assertThrows(NullPointerException.class, () -> Tensor.parse(null));
        mentions(e.getMessage(), "Tensor.parse: text must not be null", "accepted forms");
    }
}
