package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dense layer's fast products agree with the reference loops and do not depend on the thread count. */
class FastDenseTest {
    /** float32 unit roundoff: a k-term float sum is within (k + 2) * u * sum|terms| of the double one (Higham 3.1). */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    @Test
    void fastAgreesWithReferenceOnRandomLayers() {
        Random r = new Random(23);
        DenseKernels ref = DenseKernels.reference();
        DenseKernels[] fasts = {DenseKernels.fast(Exec.threads(1)), DenseKernels.fast(Exec.threads(2)),
                DenseKernels.fast(Exec.threads(4)), DenseKernels.fast(Exec.threads(2).scalar())};
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(trial % 20 == 0 ? 64 : 9), in = 1 + r.nextInt(trial % 20 == 0 ? 400 : 40), out = 1 + r.nextInt(trial % 20 == 0 ? 120 : 20);
            Tensor x = Tensor.randn(Shape.of(n, in), trial), w = Tensor.randn(Shape.of(out, in), 1000 + trial), b = Tensor.randn(Shape.of(out), 2000 + trial), dy = Tensor.randn(Shape.of(n, out), 3000 + trial);
            String what = "x (" + n + ", " + in + "), w (" + out + ", " + in + ")";
            Tensor ax = x.map(Math::abs), aw = w.map(Math::abs), ady = dy.map(Math::abs);
            Tensor y0 = null, dx0 = null, dw0 = null;
            for (int f = 0; f < fasts.length; f++) {
                Tensor y = fasts[f].forward(x, w, b), dx = fasts[f].backwardInput(dy, w), dw = fasts[f].backwardWeights(dy, x);
                check(ref.forward(x, w, b), y, ref.forward(ax, aw, b.map(Math::abs)), in + 1, fasts[f] + " forward, " + what);
                check(ref.backwardInput(dy, w), dx, ref.backwardInput(ady, aw), out, fasts[f] + " backwardInput, " + what);
                check(ref.backwardWeights(dy, x), dw, ref.backwardWeights(ady, ax), n, fasts[f] + " backwardWeights, " + what);
                if (f == 0) {
                    y0 = y;
                    dx0 = dx;
                    dw0 = dw;
                } else if (f < 3) {
                    assertArrayEquals(y0.buffer(), y.buffer(), what + ": forward differs across threads");
                    assertArrayEquals(dx0.buffer(), dx.buffer(), what + ": backwardInput differs across threads");
                    assertArrayEquals(dw0.buffer(), dw.buffer(), what + ": backwardWeights differs across threads");
                }
            }
        }
    }

    private static void check(Tensor expected, Tensor actual, Tensor magnitude, int terms, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        for (int i = 0; i < expected.size(); i++) {
            double tol = (terms + 2) * UNIT_ROUNDOFF * magnitude.buffer()[i] + Float.MIN_NORMAL;
            if (!(Math.abs(expected.buffer()[i] - actual.buffer()[i]) <= tol)) {
                fail(what + ": element " + i + " is " + actual.buffer()[i] + ", reference " + expected.buffer()[i] + " (allowed " + tol + ")");
            }
        }
    }
}
