package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-screen references ({@link Reference1d}, {@link Reference2d}) give the lecture's worked
 * examples, agree bit for bit with the batched formula they replaced, and agree with the fast
 * path behind the same public calls on many seeded random shapes.
 */
class ReferenceRoomsTest {
    static final Conv2dKernels REF = Conv2dKernels.reference();

    // ---------------------------------------------------------------- the lecture's examples

    @Test
    void lectureOneDExamples() {
        Tensor x = Tensor.of(1, 1, 2, -1, 1, -3, 1), w = Tensor.of(-1, 0, 1);   // L03
        KernelSettings narrow = KernelSettings.DEFAULT;
        assertEquals(Tensor.of(1, -2, -1, -2, 0), Reference1d.correlate(x, w, narrow));
        assertEquals(Tensor.of(-1, 2, 1, 2, 0), Reference1d.convolve(x, w, narrow));
        for (Conv2dKernels k : new Conv2dKernels[] {REF, Conv2dKernels.standard()}) {
            assertEquals(Tensor.of(1, -2, -1, -2, 0), Kernel1d.of(w).using(k).correlate(x));
            assertEquals(Tensor.of(-1, 2, 1, 2, 0), Kernel1d.of(w).using(k).convolve(x));
        }
        Tensor m = Tensor.of(1, 2, 3, 4, 5, 6, 7);
        // the fading memory y_t = x_t + x_{t-1}/2 + x_{t-2}/4 at the first full window: 3 + 2/2 + 1/4
        assertEquals(4.25, Reference1d.convolve(m, Tensor.of(1, 0.5, 0.25), narrow).get(0), 0);
        assertEquals(Tensor.of(-2, -2, -2, 6), Kernel1d.of(-1, 0, 1).stride(2).padding(1).using(REF).convolve(m));
        assertEquals(Tensor.of(1, 0, 0, 0, 0, 0, 0, -8, 7), Kernel1d.of(1, -2, 1).wide().using(REF).convolve(m));
    }

    @Test
    void lectureTwoDExamples() {
        Tensor x = Tensor.parse("2 10 8\n5 15 20\n6 11 9"), w = Tensor.parse("1 8\n-5 6");   // L15, L16
        assertEquals(Tensor.parse("147 119\n161 174"), Reference2d.correlate(x, w, ConvSpec.DEFAULT));
        assertEquals(Tensor.parse("17 160\n14 87"), Reference2d.convolve(x, w, ConvSpec.DEFAULT));
        for (Conv2dKernels k : new Conv2dKernels[] {REF, Conv2dKernels.standard()}) {
            assertEquals(Tensor.parse("147 119\n161 174"), Kernel2d.of(w).using(k).correlate(x));
            assertEquals(Tensor.parse("17 160\n14 87"), Kernel2d.of(w).using(k).convolve(x));
        }
    }

    @Test
    void badInputIsReportedInTheRoomsOwnTerms() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class,
                () -> Reference1d.correlate(Tensor.ones(3, 3), Tensor.of(1, 2), KernelSettings.DEFAULT));
        assertTrue(e.getMessage().contains("Reference1d: x") && e.getMessage().contains("(3, 3)"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class,
                () -> Reference2d.correlate(Tensor.ones(7, 7), Tensor.ones(3, 3), ConvSpec.stride(3)));
        assertTrue(e.getMessage().contains("(7 - 3 + 0)/3 + 1"), e.getMessage());
    }

    // ---------------------------------------------------------------- 1D: random agreement

    @Test
    void oneDAgreesWithTheBatchedFormulaAndTheFastPath() {
        Random r = new Random(18);
        int ran = 0;
        for (int c = 0; c < 600; c++) {
            int m = 1 + r.nextInt(20), f = 1 + r.nextInt(5);
            KernelSettings s = new KernelSettings(1 + r.nextInt(3), padding(r), r.nextInt(4) == 0 ? 2 : 1,
                    r.nextBoolean() ? Rounding.FLOOR : Rounding.STRICT);
            Tensor x = Tensor.randn(Shape.of(m), 1000 + c), w = Tensor.randn(Shape.of(f), 2000 + c);
            Kernel1d k = Kernel1d.of(w).with(s);
            Tensor ref;
            try {
                ref = Reference1d.correlate(x, w, s);
            } catch (ShapeException notValid) {
                continue;   // a size that does not fit (or an even kernel with same): the fast path must reject it too
            }
            ran++;
            String what = "case " + c + ": M=" + m + ", F=" + f + ", " + s;
            // the batched formula on (1, 1, 1, M): same terms in the same order, so the same bits
            Tensor batched = REF.forward(x.reshape(1, 1, 1, m), w.reshape(1, 1, 1, f), null, k.spec());
            assertEquals(ref, batched.reshape(ref.dim(0)), what);
            assertEquals(ref, k.using(REF).correlate(x), what);
            Tensor mag = Reference1d.correlate(abs(x), abs(w), s);
            for (int threads : new int[] {1, 2}) {
                Conv2dKernels fast = Conv2dKernels.fast(Exec.threads(threads));
                close(ref, k.using(fast).correlate(x), mag, f, what + ", fast on " + threads + " threads");
                // convolution: the lecture's x_{t-k+1} form against the flipped kernel on the fast path
                close(Reference1d.convolve(x, w, s), k.using(fast).convolve(x), Reference1d.convolve(abs(x), abs(w), s), f, what + ", convolve");
            }
        }
        assertTrue(ran >= 300, "only " + ran + " of 600 random 1D cases had a valid size");
    }

    private static Padding padding(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Padding.Mode.NARROW;
            case 1 -> Padding.Mode.WIDE;
            case 2 -> Padding.Mode.SAME;
            default -> Padding.of(r.nextInt(3));
        };
    }

    // ---------------------------------------------------------------- 2D: random agreement

    @Test
    void twoDAgreesWithTheBatchedFormulaAndTheFastPath() {
        for (FastConv2dAgreementTest.Case c : FastConv2dAgreementTest.randomCases(300, 1806)) {
            Tensor x = c.x(), w = c.weights(), b = c.b();
            Tensor y = REF.forward(x, w, b, c.spec());
            // the batched reference is the single-channel room summed over channels: the old loop gives the same bits
            assertEquals(formula(x, w, b, c.spec()), y, c.toString());
            Tensor fast = Conv2dKernels.fast(Exec.threads(2)).forward(x, w, b, c.spec());
            Tensor mag = formula(abs(x), abs(w), b == null ? null : abs(b), c.spec());
            close(y, fast, mag, c.c() * c.kh() * c.kw() + 1, c + ", fast");
            // one image, one channel, one filter: the room itself against the public Kernel2d on both paths
            Tensor x0 = x.at(0).at(0), w0 = w.at(0).at(0);
            Tensor single = Reference2d.correlate(x0, w0, c.spec());
            assertEquals(formula(x0.reshape(1, 1, x0.dim(0), x0.dim(1)), w0.reshape(1, 1, w0.dim(0), w0.dim(1)), null, c.spec())
                    .reshape(single.dim(0), single.dim(1)), single, c.toString());
            if (c.spec().strideH() == c.spec().strideW() && c.spec().padH() == c.spec().padW() && c.spec().dilationH() == c.spec().dilationW()) {
                Kernel2d k = Kernel2d.of(w0).with(new KernelSettings(c.spec().strideH(), Padding.of(c.spec().padH()),
                        c.spec().dilationH(), c.spec().rounding()));
                assertEquals(single, k.using(REF).correlate(x0), c.toString());
                close(single, k.correlate(x0), Reference2d.correlate(abs(x0), abs(w0), c.spec()), c.kh() * c.kw(), c + ", Kernel2d fast");
                close(Reference2d.convolve(x0, w0, c.spec()), k.convolve(x0), Reference2d.convolve(abs(x0), abs(w0), c.spec()),
                        c.kh() * c.kw(), c + ", Kernel2d convolve");
                assertEquals(Reference2d.convolve(x0, w0, c.spec()), k.rot180().using(REF).correlate(x0), c + ", convolve = rot180 correlate");
            }
        }
    }

    /** The multi-channel formula as ReferenceConv2d wrote it before the rooms: one double sum over c, u, v. */
    static Tensor formula(Tensor x, Tensor w, Tensor b, ConvSpec s) {
        Shape out = OutputSize.conv2d(x.shape(), w.shape(), s);
        Tensor y = Tensor.zeros(out);
        for (int n = 0; n < out.dim(0); n++)
            for (int f = 0; f < out.dim(1); f++)
                for (int i = 0; i < out.dim(2); i++)
                    for (int j = 0; j < out.dim(3); j++) {
                        double sum = b == null ? 0 : b.get(f);
                        for (int c = 0; c < x.dim(1); c++)
                            for (int u = 0; u < w.dim(2); u++)
                                for (int v = 0; v < w.dim(3); v++) {
                                    int r = i * s.strideH() + u * s.dilationH() - s.padH(), q = j * s.strideW() + v * s.dilationW() - s.padW();
                                    if (r >= 0 && r < x.dim(2) && q >= 0 && q < x.dim(3)) sum += (double) w.get(f, c, u, v) * x.get(n, c, r, q);
                                }
                        y.set(sum, n, f, i, j);
                    }
        return y;
    }

    private static Tensor abs(Tensor t) {
        return FastConv2dAgreementTest.abs(t);
    }

    /** Within float rounding of the reference: see {@link FastConv2dAgreementTest#UNIT_ROUNDOFF}. */
    private static void close(Tensor expected, Tensor actual, Tensor mag, int terms, String what) {
        FastConv2dAgreementTest.assertWithinRounding(expected, actual, mag, terms, what);
    }
}
