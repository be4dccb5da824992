package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.conv.Rounding;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast pooling agrees with the reference, is thread-count independent, and its backward matches finite differences. */
class FastPool2dTest {
    /**
     * Max pooling copies values, so it must match the reference exactly. Average pooling sums k*k
     * floats where the reference sums in double: at most (k*k + 2) * u * sum|x| / (k*k) apart
     * (u = 2^-24, the float unit roundoff, Higham's bound for a sum of k*k terms plus the final
     * rounding and the division).
     */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    static List<PoolSpec> randomSpecs(Random r, int count) {
        List<PoolSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = 1 + r.nextInt(4);
            int stride = 1 + r.nextInt(k + 1);
            int pad = r.nextInt(k / 2 + 1);
            specs.add(new PoolSpec(r.nextBoolean() ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG, k, stride, pad, Rounding.FLOOR));
        }
        return specs;
    }

    @Test
    void fastAgreesWithReferenceAndIsThreadCountIndependent() {
        Random r = new Random(11);
        Pool2dKernels ref = Pool2dKernels.reference();
        Pool2dKernels[] fasts = {Pool2dKernels.fast(Exec.threads(1)), Pool2dKernels.fast(Exec.threads(2)), Pool2dKernels.fast(Exec.threads(4))};
        int i = 0;
        for (PoolSpec spec : randomSpecs(r, 1000)) {
            int h = spec.window() + r.nextInt(9), w = spec.window() + r.nextInt(9);
            if (i % 5 == 0) w = 16 + r.nextInt(40); // rows at least one SIMD vector wide (the row-wise 2x2 max backward)
            int n = 1 + r.nextInt(3), c = 1 + r.nextInt(4);
            if (i++ % 50 == 0) { n = 40; c = 16; } // many feature maps: several blocks of work
            Tensor x = Tensor.randn(Shape.of(n, c, h, w), 1000 + i);
            Tensor yRef = ref.forward(x, spec);
            Tensor dy = Tensor.randn(yRef.shape(), 5000 + i);
            Tensor dxRef = ref.backward(dy, x, spec);
            Tensor y1 = fasts[0].forward(x, spec), dx1 = fasts[0].backward(dy, x, spec);
            String what = spec + " on " + x.shape();
            int kk = spec.window() * spec.window();
            check(yRef, y1, spec.kind() == PoolSpec.Kind.MAX ? null : ref.forward(x.map(Math::abs), spec), kk, what + " forward");
            check(dxRef, dx1, spec.kind() == PoolSpec.Kind.MAX ? null : ref.backward(dy.map(Math::abs), x, spec), kk, what + " backward");
            Tensor reused = Tensor.full(7, x.shape().dims()); // an explicit output holding stale values
            assertArrayEquals(dx1.buffer(), fasts[1].backward(dy, x, spec, reused).buffer(), what + ": backward into a reused dx");
            Tensor reusedY = Tensor.full(7, yRef.shape().dims());
            assertArrayEquals(y1.buffer(), fasts[1].forward(x, spec, reusedY).buffer(), what + ": forward into a reused y");
            for (int t = 1; t < fasts.length; t++) {
                assertArrayEquals(y1.buffer(), fasts[t].forward(x, spec).buffer(), what + ": forward differs across threads");
                assertArrayEquals(dx1.buffer(), fasts[t].backward(dy, x, spec).buffer(), what + ": backward differs across threads");
            }
        }
    }

    /**
     * The 2x2 max pool has SIMD paths (whole rows with shuffles and lane masks when a map is at
     * least 3/4 of a vector wide) and a plain one: on ties, zeros of both signs and infinities they
     * all pick the first largest value as the reference does, and with NaNs they still give the
     * same bits. Widths 8 to 48 cover maps narrower than a vector, exactly whole vectors, and rows
     * that end in a partial vector.
     */
    @Test
    void maxPool2x2TiesAndSpecialValues() {
        float[] values = {0f, -0f, 1f, 1f, 2f, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        Random r = new Random(5);
        PoolSpec spec = PoolSpec.max(2);
        Pool2dKernels ref = Pool2dKernels.reference();
        Pool2dKernels simd = Pool2dKernels.fast(Exec.threads(2)), plain = Pool2dKernels.fast(Exec.threads(2).scalar());
        int[] widths = {8, 10, 12, 14, 16, 28, 32, 34, 48}; // 14: narrower than 16 lanes, wider than 12 (the backward's overlapping rows)
        for (int round = 0; round < 32; round++) {
            boolean nan = round >= 16;
            Tensor x = Tensor.zeros(3, 5, 6, widths[round % widths.length]);
            for (int i = 0; i < x.size(); i++) x.buffer()[i] = nan && r.nextInt(7) == 0 ? Float.NaN : values[r.nextInt(values.length)];
            Tensor dy = Tensor.randn(ref.forward(x, spec).shape(), round);
            Tensor y = simd.forward(x, spec), dx = simd.backward(dy, x, spec, Tensor.full(3, x.shape().dims()));
            assertArrayEquals(plain.forward(x, spec).buffer(), y.buffer(), "forward, round " + round);
            assertArrayEquals(plain.backward(dy, x, spec).buffer(), dx.buffer(), "backward, round " + round);
            if (!nan) {
                assertArrayEquals(ref.forward(x, spec).buffer(), y.buffer(), "forward vs reference, round " + round);
                assertArrayEquals(ref.backward(dy, x, spec).buffer(), dx.buffer(), "backward vs reference, round " + round);
            }
        }
    }

    /**
     * A window whose values are all -infinity still has a largest value, its first one, which gets
     * the gradient (as in PyTorch): in the reference, in the general fast path (3x3 windows) and in
     * the 2x2 paths, on maps narrower and wider than a SIMD vector.
     */
    @Test
    void windowOfMinusInfinityPassesItsGradientToItsFirstValue() {
        Pool2dKernels ref = Pool2dKernels.reference();
        Pool2dKernels[] fasts = {Pool2dKernels.fast(Exec.threads(2)), Pool2dKernels.fast(Exec.threads(2).scalar())};
        for (PoolSpec spec : List.of(PoolSpec.max(2), PoolSpec.max(3).withStride(3))) {
            for (int w : new int[] {6, 36}) {
                Tensor x = Tensor.full(Float.NEGATIVE_INFINITY, 1, 1, 6, w);
                Tensor dy = Tensor.full(1f, ref.forward(x, spec).shape().dims());
                float[] expected = new float[x.size()];
                int k = spec.window();
                for (int i = 0; i < 6; i += k)
                    for (int j = 0; j + k <= w; j += k) expected[i * w + j] = 1f; // each window's top-left value
                assertArrayEquals(expected, ref.backward(dy, x, spec).buffer(), spec + " reference, width " + w);
                for (Pool2dKernels fast : fasts) assertArrayEquals(expected, fast.backward(dy, x, spec).buffer(), spec + " " + fast + ", width " + w);
            }
        }
    }

    /** Exact when magnitude is null; else within the rounding bound above. */
    private static void check(Tensor expected, Tensor actual, Tensor magnitude, int terms, String what) {
        if (!expected.shape().equals(actual.shape())) fail(what + ": shape " + actual.shape() + " vs " + expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.buffer()[i], a = actual.buffer()[i];
            double tol = magnitude == null ? 0 : (terms + 2) * UNIT_ROUNDOFF * magnitude.buffer()[i] + Float.MIN_NORMAL;
            if (!(Math.abs(e - a) <= tol)) fail(what + ": element " + i + " is " + a + ", reference " + e + " (allowed difference " + tol + ")");
        }
    }

    /**
     * Centred differences of L = sum(dy * pool(x)). Inputs are distinct multiples of 0.01 and
     * h = 0.002 is below half the gap, so no window changes its winner: L is then linear in x
     * and the difference exact up to float rounding (~1e-7 * |L| / 2h ~ 1e-4), tolerance 1e-3.
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        double h = 0.002;
        Random r = new Random(5);
        for (PoolSpec spec : List.of(PoolSpec.max(2), PoolSpec.avg(2), PoolSpec.max(3).withStride(1).withPadding(1),
                PoolSpec.avg(3).withStride(2).withPadding(1).floor())) {
            Pool2dKernels fast = Pool2dKernels.fast(Exec.threads(2));
            int n = 2, c = 2, size = 6;
            float[] values = new float[n * c * size * size];
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < values.length; i++) perm.add(i - values.length / 2);
            java.util.Collections.shuffle(perm, r);
            for (int i = 0; i < values.length; i++) values[i] = perm.get(i) * 0.01f;
            Tensor x = Tensor.of(values, n, c, size, size);
            Tensor dy = Tensor.randn(fast.forward(x, spec).shape(), 9);
            Tensor dx = fast.backward(dy, x, spec);
            double maxDiff = 0, scale = 1e-8;
            for (int i = 0; i < values.length; i++) {
                float old = x.buffer()[i];
                x.buffer()[i] = (float) (old + h);
                double plus = fast.forward(x, spec).dot(dy);
                x.buffer()[i] = (float) (old - h);
                double minus = fast.forward(x, spec).dot(dy);
                x.buffer()[i] = old;
                double numeric = (plus - minus) / (2 * h);
                maxDiff = Math.max(maxDiff, Math.abs(numeric - dx.buffer()[i]));
                scale = Math.max(scale, Math.abs(numeric) + Math.abs(dx.buffer()[i]));
            }
            assertTrue(maxDiff / scale < 1e-3, spec + ": relative error " + maxDiff / scale);
        }
    }
}
