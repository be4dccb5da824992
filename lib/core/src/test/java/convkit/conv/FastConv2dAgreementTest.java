package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path (im2col + matrix multiply, vector and scalar) agrees with the lecture-formula
 * reference on 1,000 seeded random convolutions, forward and all gradients (input, weights, bias,
 * and weights with bias from the one call {@code backwardParams}), and gives bit-identical results
 * on 1, 2 and 4 threads.
 */
class FastConv2dAgreementTest {

    /**
     * float32 unit roundoff u = 2^-24. The reference sums in double, the fast path in float in
     * another order. Summing n products in float in any order (with or without fused
     * multiply-add) is off by at most about n*u*sum|terms| (Higham, Accuracy and Stability of
     * Numerical Algorithms, sec. 3.1: |error| <= gamma_n * sum|x_i y_i|), and rounding the
     * reference's double to float adds u*|y| at most. So each element may differ by
     * {@code (n + 2) * u * sum|terms|}, where sum|terms| is the same convolution of |x| and |w|,
     * computed by the reference itself. The bound cannot fail for a correct kernel, and any
     * indexing mistake (a wrong or missing term) is far larger than it.
     */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    static final Conv2dKernels REF = Conv2dKernels.reference();
    static final int CONFIGS = 1000;

    record Case(int seed, int n, int c, int h, int w, int f, int kh, int kw, ConvSpec spec, boolean bias) {
        @Override
        public String toString() {
            return "case " + seed + ": x (" + n + ", " + c + ", " + h + ", " + w + "), w (" + f + ", " + c + ", " + kh + ", " + kw + "), "
                    + spec + (bias ? ", bias" : ", no bias");
        }

        Tensor x() { return Tensor.randn(Shape.of(n, c, h, w), seed * 4L + 1); }
        Tensor weights() { return Tensor.randn(Shape.of(f, c, kh, kw), seed * 4L + 2); }
        Tensor b() { return bias ? Tensor.randn(Shape.of(f), seed * 4L + 3) : null; }
        Shape yShape() { return OutputSize.conv2d(Shape.of(n, c, h, w), Shape.of(f, c, kh, kw), spec); }
        Tensor dy() { return Tensor.randn(yShape(), seed * 4L + 4); }
    }

    /** One axis: kernel size, stride, padding, dilation and an input size that gives a valid output. */
    private record Axis(int size, int k, int stride, int pad, int dil, boolean ragged) {}

    private static Axis axis(Random r, int maxOut) {
        int k = r.nextInt(8) == 0 ? 1 : 1 + r.nextInt(4);
        int stride = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
        int dil = r.nextInt(4) == 0 ? 2 : 1;
        int span = dil * (k - 1) + 1;
        int pad = r.nextInt(3) == 0 ? 0 : r.nextInt(Math.min(3, span) + 1);
        int out = 1 + r.nextInt(maxOut);
        int extra = stride > 1 && r.nextBoolean() ? r.nextInt(stride) : 0; // FLOOR drops a partial window
        int size = (out - 1) * stride + span - 2 * pad + extra;
        if (size < 1) { // padding larger than needed: drop it so the input exists
            pad = 0;
            size = (out - 1) * stride + span + extra;
        }
        if (r.nextInt(10) == 0) { // kernel == input: one output
            pad = 0;
            stride = 1;
            extra = 0;
            size = span;
        }
        return new Axis(size, k, stride, pad, dil, extra > 0);
    }

    static List<Case> randomCases(int count, long seed) {
        return randomCases(count, seed, 3);
    }

    /** As {@link #randomCases(int, long)} with batches of 1 to {@code maxBatch} images. */
    static List<Case> randomCases(int count, long seed, int maxBatch) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean oneD = r.nextInt(8) == 0; // (N, C, 1, L): 1D convolution through the 2D kernels
            Axis ah = oneD ? new Axis(1, 1, 1, 0, 1, false) : axis(r, 6);
            Axis aw = axis(r, oneD ? 12 : 6);
            ConvSpec spec = new ConvSpec(ah.stride(), aw.stride(), ah.pad(), aw.pad(), ah.dil(), aw.dil(),
                    ah.ragged() || aw.ragged() ? Rounding.FLOOR : Rounding.STRICT);
            cases.add(new Case((int) (seed % 1000) * 10000 + i, 1 + r.nextInt(maxBatch), 1 + r.nextInt(4), ah.size(), aw.size(),
                    1 + r.nextInt(6), ah.k(), aw.k(), spec, r.nextBoolean()));
        }
        return cases;
    }

    static Tensor abs(Tensor t) {
        return t == null ? null : t.map(Math::abs);
    }

    /** Fails unless |actual - expected| <= (terms + 2) * u * magnitude elementwise (see {@link #UNIT_ROUNDOFF}). */
    static void assertWithinRounding(Tensor expected, Tensor actual, Tensor magnitude, int terms, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.buffer(), a = actual.buffer(), m = magnitude.buffer();
        for (int i = 0; i < e.length; i++) {
            double tol = (terms + 2) * UNIT_ROUNDOFF * m[i] * 1.001 + Float.MIN_NORMAL;
            double diff = Math.abs((double) e[i] - a[i]);
            if (!(diff <= tol)) {
                fail(what + ": element " + i + " of " + expected.shape() + " is " + a[i] + ", reference " + e[i]
                        + " (difference " + diff + " > allowed " + tol + " for " + terms + " float terms)");
            }
        }
    }

    /**
     * Forward, input gradient, weight gradient and bias gradient of one implementation, and the
     * weight and bias gradients of {@code backwardParams} ({@code pdb} null for a case without bias,
     * which passes no db).
     */
    record Results(Tensor y, Tensor dx, Tensor dw, Tensor db, Tensor pdw, Tensor pdb) {}

    /** The parameter gradients from the one call, into outputs full of 99s (which must all be overwritten). */
    static Tensor[] params(Conv2dKernels k, Case c) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Tensor dw = Tensor.full(99, w.shape().dims()), db = c.bias() ? Tensor.full(99, c.f()) : null;
        k.backwardParams(dy, x, w.shape(), c.spec(), dw, db);
        return new Tensor[] {dw, db};
    }

    static Results run(Conv2dKernels k, Case c) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Tensor[] p = params(k, c);
        return new Results(k.forward(x, w, c.b(), c.spec()), k.backwardInput(dy, w, x.shape(), c.spec()),
                k.backwardWeights(dy, x, w.shape(), c.spec()), k.backwardBias(dy), p[0], p[1]);
    }

    /** Each call on a new instance, so scratch arrays have exactly the size that call asks for (catches reads past them). */
    static Results runFresh(Exec exec, Case c) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Tensor[] p = params(Conv2dKernels.fast(exec), c);
        return new Results(Conv2dKernels.fast(exec).forward(x, w, c.b(), c.spec()),
                Conv2dKernels.fast(exec).backwardInput(dy, w, x.shape(), c.spec()),
                Conv2dKernels.fast(exec).backwardWeights(dy, x, w.shape(), c.spec()), Conv2dKernels.fast(exec).backwardBias(dy), p[0], p[1]);
    }

    static void assertAgrees(Case c, Results fast, String impl) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Shape y = c.yShape();
        String what = impl + ", " + c;
        assertWithinRounding(REF.forward(x, w, c.b(), c.spec()), fast.y(), REF.forward(abs(x), abs(w), abs(c.b()), c.spec()),
                c.c() * c.kh() * c.kw() + 1, what + ", forward");
        assertWithinRounding(REF.backwardInput(dy, w, x.shape(), c.spec()), fast.dx(), REF.backwardInput(abs(dy), abs(w), x.shape(), c.spec()),
                c.f() * c.kh() * c.kw() + c.kh() * c.kw(), what + ", backwardInput");
        assertParamsAgree(c, fast.dw(), fast.db(), what);
        assertParamsAgree(c, fast.pdw(), fast.pdb(), what + ", backwardParams");
        // the extra row of ones changes no bit of dW: each dot product is summed on its own
        assertArrayEquals(fast.dw().buffer(), fast.pdw().buffer(), what + ": backwardParams dw differs from backwardWeights");
    }

    /**
     * dw and db (when not null) against the reference's backwardWeights and backwardBias. dw[f][k]
     * sums n*H2*W2 products, in float over groups of images and then the groups' partial sums
     * (at most n of them): {@code n*H2*W2 + n} terms. db[f] sums n*H2*W2 values of dy: whether in
     * double (backwardBias) or as float dot products with ones (fused multiply-add with 1 is an
     * add; the zeros in the wasted columns add exactly), at most that many roundings.
     */
    static void assertParamsAgree(Case c, Tensor dw, Tensor db, String what) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Shape y = c.yShape();
        int products = c.n() * y.dim(2) * y.dim(3);
        assertWithinRounding(REF.backwardWeights(dy, x, w.shape(), c.spec()), dw, REF.backwardWeights(abs(dy), abs(x), w.shape(), c.spec()),
                products + c.n(), what + ", backwardWeights");
        if (db != null) assertWithinRounding(REF.backwardBias(dy), db, REF.backwardBias(abs(dy)), products, what + ", backwardBias");
    }

    static void assertBitIdentical(Results a, Results b, String what) {
        assertArrayEquals(a.y().buffer(), b.y().buffer(), what + ": forward differs");
        assertArrayEquals(a.dx().buffer(), b.dx().buffer(), what + ": backwardInput differs");
        assertArrayEquals(a.dw().buffer(), b.dw().buffer(), what + ": backwardWeights differs");
        assertArrayEquals(a.db().buffer(), b.db().buffer(), what + ": backwardBias differs");
        assertArrayEquals(a.pdw().buffer(), b.pdw().buffer(), what + ": backwardParams dw differs");
        assertEquals(a.pdb() == null, b.pdb() == null, what + ": backwardParams db");
        if (a.pdb() != null) assertArrayEquals(a.pdb().buffer(), b.pdb().buffer(), what + ": backwardParams db differs");
    }

    @Test
    void fastAgreesWithReferenceOnAThousandRandomConvolutions() {
        Conv2dKernels one = Conv2dKernels.fast(Exec.threads(1)), two = Conv2dKernels.fast(Exec.threads(2)), four = Conv2dKernels.fast(Exec.threads(4));
        for (Case c : randomCases(CONFIGS, 42)) {
            Results r1 = run(one, c);
            assertAgrees(c, r1, "fast (" + Exec.threads(1) + ")");
            assertBitIdentical(r1, run(two, c), "2 threads vs 1, " + c);
            assertBitIdentical(r1, run(four, c), "4 threads vs 1, " + c);
            assertBitIdentical(r1, runFresh(Exec.threads(1), c), "fresh instances vs a reused one, " + c);
        }
    }

    @Test
    void backwardParamsAgreesWithReferenceOnBatchesOfOneToNine() {
        // batches up to 9 (up to 9 groups of one image on the stride-1 path), with and without bias,
        // 1x1 kernels, kernel == input, padding, dilation, strides 1 to 3: the combined call against
        // the reference, bit-identical on 1, 2 and 4 threads and on fresh instances
        Conv2dKernels one = Conv2dKernels.fast(Exec.threads(1)), two = Conv2dKernels.fast(Exec.threads(2)), four = Conv2dKernels.fast(Exec.threads(4));
        Conv2dKernels scalar = Conv2dKernels.fast(Exec.threads(2).scalar());
        int unitStride = 0, bias = 0;
        for (Case c : randomCases(400, 99, 9)) {
            Tensor[] p1 = params(one, c);
            assertParamsAgree(c, p1[0], p1[1], "backwardParams, " + c);
            assertArrayEquals(one.backwardWeights(c.dy(), c.x(), c.weights().shape(), c.spec()).buffer(), p1[0].buffer(), "dw vs backwardWeights, " + c);
            for (Tensor[] other : List.of(params(two, c), params(four, c), params(Conv2dKernels.fast(Exec.threads(1)), c))) {
                assertArrayEquals(p1[0].buffer(), other[0].buffer(), "dw, threads, " + c);
                if (c.bias()) assertArrayEquals(p1[1].buffer(), other[1].buffer(), "db, threads, " + c);
            }
            Tensor[] ps = params(scalar, c);
            assertParamsAgree(c, ps[0], ps[1], "backwardParams scalar, " + c);
            if (c.spec().strideH() == 1 && c.spec().strideW() == 1) unitStride++;
            if (c.bias()) bias++;
        }
        assertTrue(unitStride > 100 && unitStride < 390 && bias > 100 && bias < 300, unitStride + " stride-1 cases, " + bias + " with bias");
    }

    @Test
    void referenceBackwardParamsIsBackwardWeightsAndBackwardBias() {
        for (Case c : randomCases(30, 11, 4)) {
            Tensor[] p = params(REF, c);
            assertArrayEquals(REF.backwardWeights(c.dy(), c.x(), c.weights().shape(), c.spec()).buffer(), p[0].buffer(), c.toString());
            if (c.bias()) assertArrayEquals(REF.backwardBias(c.dy()).buffer(), p[1].buffer(), c.toString());
        }
    }

    /**
     * Every named variant of the fast path (EJML style: each algorithm and its plain-Java twin),
     * listed here so that a new one cannot go untested: each agrees with the reference and is
     * bit-identical on 1 and 2 threads.
     */
    static final java.util.Map<String, java.util.function.IntFunction<Conv2dKernels>> VARIANTS = java.util.Map.of(
            "fast AUTO, vector", t -> Conv2dKernels.fast(Exec.threads(t), Conv2dKernels.Variant.AUTO),
            "fast AUTO, scalar", t -> Conv2dKernels.fast(Exec.threads(t).scalar(), Conv2dKernels.Variant.AUTO),
            "fast IM2COL, vector", t -> Conv2dKernels.fast(Exec.threads(t), Conv2dKernels.Variant.IM2COL),
            "fast IM2COL, scalar", t -> Conv2dKernels.fast(Exec.threads(t).scalar(), Conv2dKernels.Variant.IM2COL));

    @Test
    void everyNamedVariantAgreesWithReference() {
        assertEquals(Conv2dKernels.Variant.values().length * 2, VARIANTS.size(), "a variant is missing from VARIANTS");
        List<Case> cases = randomCases(80, 1808);
        for (var v : new java.util.TreeMap<>(VARIANTS).entrySet()) {
            Conv2dKernels one = v.getValue().apply(1), two = v.getValue().apply(2);
            for (Case c : cases) {
                Results r1 = run(one, c);
                assertAgrees(c, r1, v.getKey());
                assertBitIdentical(r1, run(two, c), v.getKey() + ", 2 threads, " + c);
            }
        }
    }

    @Test
    void scalarFallbackAgreesWithReference() {
        Conv2dKernels scalar = Conv2dKernels.fast(Exec.threads(2).scalar());
        for (Case c : randomCases(300, 7)) assertAgrees(c, run(scalar, c), "fast scalar");
    }

    @Test
    void manyImageGroupsAreBitIdenticalOnOneTwoAndFourThreads() {
        // Big enough that the batch is cut into several groups and the weight gradient adds partial sums.
        List<Case> cases = List.of(
                new Case(1, 64, 1, 28, 28, 6, 5, 5, ConvSpec.padding(2), true),   // LeNet-5 conv1
                new Case(2, 64, 6, 14, 14, 16, 5, 5, ConvSpec.DEFAULT, true),     // LeNet-5 conv2
                new Case(3, 13, 3, 11, 9, 5, 3, 2, new ConvSpec(2, 1, 1, 0, 1, 2, Rounding.FLOOR), false),
                new Case(4, 9, 2, 1, 200, 4, 1, 7, ConvSpec.oneD(2, 3, 1).floor(), true));
        for (Case c : cases) {
            Results r1 = runFresh(Exec.threads(1), c);
            for (int threads : new int[] {2, 4}) assertBitIdentical(r1, run(Conv2dKernels.fast(Exec.threads(threads)), c), threads + " threads, " + c);
            Results s1 = run(Conv2dKernels.fast(Exec.threads(1).scalar()), c);
            assertBitIdentical(s1, run(Conv2dKernels.fast(Exec.threads(3).scalar()), c), "scalar 3 threads, " + c);
        }
        // one of them against the reference too, so the big-batch path is checked for values as well
        Case c = cases.get(2);
        assertAgrees(c, run(Conv2dKernels.fast(Exec.threads(2)), c), "fast (2 threads)");
    }

    @Test
    void explicitOutputsAreFilledAndReused() {
        Conv2dKernels fast = Conv2dKernels.fast(Exec.threads(2));
        Case c = randomCases(1, 3).get(0);
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Tensor y = Tensor.full(99, c.yShape().dims()), dx = Tensor.full(99, x.shape().dims()), dw = Tensor.full(99, w.shape().dims());
        assertTrue(y == fast.forward(x, w, c.b(), c.spec(), y));
        assertTrue(dx == fast.backwardInput(dy, w, x.shape(), c.spec(), dx));
        assertTrue(dw == fast.backwardWeights(dy, x, w.shape(), c.spec(), dw));
        Tensor pdw = Tensor.full(99, w.shape().dims()), pdb = Tensor.full(99, c.f());
        fast.backwardParams(dy, x, w.shape(), c.spec(), pdw, pdb);
        assertAgrees(c, new Results(y, dx, dw, fast.backwardBias(dy), pdw, pdb), "fast with outputs");
    }

    @Test
    void backwardParamsChecksItsOutputs() {
        Case c = new Case(5, 2, 3, 6, 6, 4, 3, 3, ConvSpec.DEFAULT, true);
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        for (Conv2dKernels k : List.of(REF, Conv2dKernels.fast(Exec.threads(2)))) {
            assertThrows(IllegalArgumentException.class, () -> k.backwardParams(dy, x, w.shape(), c.spec(), null, Tensor.zeros(4)));
            assertThrows(ShapeException.class, () -> k.backwardParams(dy, x, w.shape(), c.spec(), Tensor.zeros(4, 3, 3, 2), Tensor.zeros(4)));
            assertThrows(ShapeException.class, () -> k.backwardParams(dy, x, w.shape(), c.spec(), Tensor.zeros(w.shape().dims()), Tensor.zeros(3)));
            assertThrows(ShapeException.class, () -> k.backwardParams(dy, x, w.shape(), c.spec(), Tensor.zeros(w.shape().dims()), Tensor.zeros(4, 1)));
            assertThrows(ShapeException.class, () -> k.backwardParams(Tensor.zeros(2, 4, 3, 3), x, w.shape(), c.spec(), Tensor.zeros(w.shape().dims()), null));
        }
    }
}
