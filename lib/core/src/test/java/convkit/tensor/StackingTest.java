package convkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackingTest {
    static final Tensor A = Tensor.parse("1 2 3\n4 5 6");
    static final Tensor B = Tensor.parse("7 8 9\n10 11 12");

    @Test
    void stackAddsAFirstAxis() {
        Tensor s = Tensor.stack(A, B);
        assertEquals(Shape.of(2, 2, 3), s.shape());
        assertTrue(s.at(0).allClose(A, 0) && s.at(1).allClose(B, 0));
        assertEquals(Shape.of(3, 2, 3), Tensor.stack(List.of(A, B, A)).shape());
        assertEquals(Shape.of(1, 2, 3), Tensor.stack(A).shape());
    }

    @Test
    void concatJoinsAlongAnyAxis() {
        assertTrue(Tensor.concat(0, A, B).allClose(Tensor.parse("1 2 3\n4 5 6\n7 8 9\n10 11 12"), 0));
        assertTrue(Tensor.concat(1, A, B).allClose(Tensor.parse("1 2 3 7 8 9\n4 5 6 10 11 12"), 0));
        Tensor two = Tensor.arange(2 * 2 * 2).reshape(2, 2, 2), one = Tensor.full(-1, 2, 1, 2);
        Tensor c = Tensor.concat(1, two, one);   // channels 0-1 from two, channel 2 from one, per batch item
        assertEquals(Shape.of(2, 3, 2), c.shape());
        for (int n = 0; n < 2; n++)
            for (int w = 0; w < 2; w++) {
                assertEquals(two.get(n, 0, w), c.get(n, 0, w));
                assertEquals(two.get(n, 1, w), c.get(n, 1, w));
                assertEquals(-1f, c.get(n, 2, w));
            }
        Tensor last = Tensor.concat(2, two, Tensor.full(9, 2, 2, 1));
        assertEquals(Shape.of(2, 2, 3), last.shape());
        assertEquals(9f, last.get(1, 1, 2));
        assertEquals(two.get(1, 1, 1), last.get(1, 1, 1));
    }

    @Test
    void mismatchesAreNamed() {
        var e = assertThrows(ShapeException.class, () -> Tensor.stack(A, Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("tensor 1 has shape (2, 4) but tensor 0 has (2, 3)"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Tensor.concat(1, A, Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("along axis 1: tensor 1 has shape (3, 3)"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Tensor.concat(2, A, B));
        assertTrue(e.getMessage().contains("axis must be in 0..1"), e.getMessage());
        assertThrows(ShapeException.class, () -> Tensor.concat(0, A, Tensor.zeros(2, 3, 1)));
        assertThrows(ShapeException.class, () -> Tensor.stack(List.of()));
        var n = assertThrows(NullPointerException.class, () -> Tensor.stack(A, null));
        assertTrue(n.getMessage().contains("tensor 1 is null"), n.getMessage());
    }
}
