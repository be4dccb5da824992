package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pool.explain agrees with Pool.apply (the value) and with the backward pass (the max's winner). */
class PoolExplainTest {
    static final Tensor P = Tensor.parse("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1");

    @Test
    void readsLikeTheLecture() {
        assertEquals("y[0][1] = max(2, 0, 1, 2) = 2, x[0][2] wins", Pool.max(2).explain(P, 0, 1).toString());
        assertEquals("y[0][1] = (2 + 0 + 1 + 2) / 4 = 5 / 4 = 1.25", Pool.avg(2).explain(P, 0, 1).toString());
        assertEquals("y[0][0] = max(1, 1, 0, 1) = 1, x[0][0] wins (5 padded cells never win)",
                Pool.max(3).stride(1).padding(1).explain(P, 0, 0).toString());
        assertEquals("y[0][0] = (0(pad) + 0(pad) + 0(pad) + 0(pad) + 1 + 1 + 0(pad) + 0 + 1) / 9 = 3 / 9 = 0.3333",
                Pool.avg(3).stride(1).padding(1).explain(P, 0, 0).toString());
    }

    @Test
    void everyCellAgreesWithApplyAndTheBackwardPassOnRandomMaps() {
        Random rnd = new Random(14);
        for (int trial = 0; trial < 200; trial++) {
            int h = 2 + rnd.nextInt(9), w = 2 + rnd.nextInt(9), k = 1 + rnd.nextInt(Math.min(h, w));
            int s = 1 + rnd.nextInt(3), p = rnd.nextInt(k / 2 + 1);
            Tensor x = Tensor.zeros(h, w);
            for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) x.set(rnd.nextInt(7) - 3 + (rnd.nextBoolean() ? 0.5 : 0), r, c);
            for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
                Pool pool = Pool.of(new PoolSpec(kind, k, s, p, convkit.conv.Rounding.FLOOR));
                Tensor y = pool.apply(x);
                for (int i = 0; i < y.dim(0); i++)
                    for (int j = 0; j < y.dim(1); j++) {
                        PoolExplanation e = pool.explain(x, i, j);
                        String where = pool + " on " + x.shape() + " at (" + i + ", " + j + ")";
                        assertEquals(y.get(i, j), e.value(), 1e-6, where);
                        assertEquals(k * k, e.cells().size(), where);
                        if (kind == PoolSpec.Kind.MAX) {
                            Tensor dy = Tensor.zeros(1, 1, y.dim(0), y.dim(1));
                            dy.set(1, 0, 0, i, j);
                            Tensor dx = Pool2dKernels.reference().backward(dy, x.reshape(1, 1, h, w), pool.spec());
                            PoolExplanation.Cell won = e.winningCell();
                            assertEquals(1, dx.get(0, 0, won.r(), won.q()), 1e-9, where + ": the winner gets the gradient");
                        } else {
                            assertEquals(y.get(i, j) * k * k, e.sum(), 1e-4, where);
                        }
                    }
            }
        }
    }

    @Test
    void badCellsAndShapesAreRefused() {
        var e = assertThrows(ShapeException.class, () -> Pool.max(2).explain(P, 2, 0));
        assertTrue(e.getMessage().contains("outside the output (2, 2)"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Pool.max(2).explain(Tensor.zeros(1, 1, 4, 4), 0, 0));
        assertTrue(e.getMessage().contains("(H, W)"), e.getMessage());
    }
}
