package convkit.acceptance;

import static convkit.acceptance.Definitions.assertMatrix;
import static convkit.acceptance.Definitions.assertVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.Conv;
import convkit.conv.Conv2dKernels;
import convkit.conv.ConvSpec;
import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.conv.OutputSize;
import convkit.conv.Rounding;
import convkit.pool.Pool;
import convkit.pool.Pool2dKernels;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of convolution and pooling on hundreds of random shapes. Every case is built from its
 * own seed (the case number), so a failure names a case that can be rerun exactly.
 */
class PropertiesTest {
    static final int CASES = 200;
    static final double TOL = 1e-4; // float32 storage, sums of at most ~150 products of values in [-1, 1]

    /** A random 2D case: input H x W, kernel U x V, stride S, padding P, drawn so that the padded input holds the kernel. */
    record Case2d(long seed, Tensor x, Tensor w, int stride, int pad) {
        @Override
        public String toString() {
            return "seed " + seed + ": x " + x.shape() + ", w " + w.shape() + ", S=" + stride + ", P=" + pad;
        }
    }

    static Stream<Case2d> cases2d() {
        return IntStream.range(0, CASES).mapToObj(i -> {
            Random r = new Random(i);
            int u = 1 + r.nextInt(4), v = 1 + r.nextInt(4);
            int pad = r.nextInt(3);
            int h = Math.max(1, u - 2 * pad) + r.nextInt(7), w = Math.max(1, v - 2 * pad) + r.nextInt(7);
            return new Case2d(i, Tensor.randn(Shape.of(h, w), 1000 + i), Tensor.randn(Shape.of(u, v), 2000 + i), 1 + r.nextInt(3), pad);
        });
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, CASES).boxed();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases2d")
    void correlationMatchesTheDefinitionOnBothPaths(Case2d c) {
        double[][] expected = Definitions.correlate(c.x().toMatrix(), c.w().toMatrix(), c.stride(), c.pad());
        Kernel2d k = Kernel2d.of(c.w()).stride(c.stride()).padding(c.pad()).floor();
        assertMatrix(expected, k.correlate(c.x()), TOL, "standard path, " + c);
        assertMatrix(expected, k.using(Conv2dKernels.reference()).correlate(c.x()), TOL, "reference path, " + c);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases2d")
    void convolutionIsCorrelationWithTheRotatedKernel(Case2d c) {
        Kernel2d k = Kernel2d.of(c.w()).stride(c.stride()).padding(c.pad()).floor();
        Tensor conv = k.convolve(c.x());
        Tensor viaRot = Kernel2d.of(Conv.rot180(c.w())).stride(c.stride()).padding(c.pad()).floor().correlate(c.x());
        assertEquals(viaRot, conv, c.toString());
        // and, independently, the slide's index formula y_ij = sum w_uv x_{i-u+1, j-v+1} (stride 1, valid)
        if (c.x().dim(0) >= c.w().dim(0) && c.x().dim(1) >= c.w().dim(1)) {
            assertMatrix(Definitions.convolveValid(c.x().toMatrix(), c.w().toMatrix()), Kernel2d.of(c.w()).convolve(c.x()), TOL, c.toString());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases2d")
    void outputShapeAlwaysEqualsTheFormula(Case2d c) {
        int u = c.w().dim(0), v = c.w().dim(1), h = c.x().dim(0), w = c.x().dim(1), s = c.stride(), p = c.pad();
        Kernel2d k = Kernel2d.of(c.w()).stride(s).padding(p);
        boolean fits = (h - u + 2 * p) % s == 0 && (w - v + 2 * p) % s == 0;
        if (fits) {
            assertEquals(Shape.of((h - u + 2 * p) / s + 1, (w - v + 2 * p) / s + 1), k.correlate(c.x()).shape(), c.toString());
        } else {
            var e = assertThrows(ShapeException.class, () -> k.correlate(c.x()), c.toString());
            assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        }
        // FLOOR: always the formula rounded down
        assertEquals(Shape.of(Math.floorDiv(h - u + 2 * p, s) + 1, Math.floorDiv(w - v + 2 * p, s) + 1),
                k.floor().correlate(c.x()).shape(), c.toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases2d")
    void correlationIsLinearInTheInputAndInTheKernel(Case2d c) {
        Tensor x2 = Tensor.randn(Shape.of(c.x().dim(0), c.x().dim(1)), c.seed() + 5000);
        Tensor w2 = Tensor.randn(Shape.of(c.w().dim(0), c.w().dim(1)), c.seed() + 6000);
        double a = 1.5, b = -0.75;
        Kernel2d k = Kernel2d.of(c.w()).stride(c.stride()).padding(c.pad()).floor();
        Tensor lhs = k.correlate(c.x().scale(a).add(x2.scale(b)));
        Tensor rhs = k.correlate(c.x()).scale(a).add(k.correlate(x2).scale(b));
        assertTrue(lhs.allClose(rhs, 1e-3), c + ": linear in x, max diff " + lhs.maxAbsDiff(rhs));
        Tensor lw = Kernel2d.of(c.w().scale(a).add(w2.scale(b))).stride(c.stride()).padding(c.pad()).floor().correlate(c.x());
        Tensor rw = k.correlate(c.x()).scale(a).add(Kernel2d.of(w2).stride(c.stride()).padding(c.pad()).floor().correlate(c.x()).scale(b));
        assertTrue(lw.allClose(rw, 1e-3), c + ": linear in w, max diff " + lw.maxAbsDiff(rw));
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void identityKernelReturnsTheInput(int seed) {
        Random r = new Random(seed);
        int f = 1 + 2 * r.nextInt(3); // 1, 3 or 5
        Tensor id = Tensor.zeros(f, f).set(1, f / 2, f / 2);
        Tensor x = Tensor.randn(Shape.of(1 + r.nextInt(9), 1 + r.nextInt(9)), seed);
        assertEquals(x, Kernel2d.of(id).same().correlate(x), "F=" + f);
        assertEquals(x, Kernel2d.of(id).same().convolve(x), "F=" + f);
        Tensor s = Tensor.randn(Shape.of(1 + r.nextInt(12)), seed);
        Tensor id1 = Tensor.zeros(f).set(1, f / 2);
        assertEquals(s, Kernel1d.of(id1).same().convolve(s), "1D F=" + f);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void fullConvolution1dIsCommutativeAndMatchesTheDefinition(int seed) {
        Random r = new Random(seed);
        Tensor a = Tensor.randn(Shape.of(1 + r.nextInt(10)), seed), b = Tensor.randn(Shape.of(1 + r.nextInt(10)), seed + 1);
        Tensor ab = Kernel1d.of(b).wide().convolve(a), ba = Kernel1d.of(a).wide().convolve(b);
        assertEquals(a.size() + b.size() - 1, ab.size());
        assertTrue(ab.allClose(ba, 1e-5), "a*b != b*a: " + ab + " vs " + ba);
        assertVector(Definitions.convolveFull(toDoubles(a), toDoubles(b)), ab, 1e-5, "full convolution");
        int s = 1 + r.nextInt(3), p = r.nextInt(b.size());
        if (a.size() - b.size() + 2 * p >= 0) {
            assertVector(Definitions.convolve(toDoubles(a), toDoubles(b), s, p), Kernel1d.of(b).stride(s).padding(p).floor().convolve(a),
                    1e-5, "S=" + s + " P=" + p);
        }
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void dilationEqualsAKernelWithZerosInserted(int seed) {
        Random r = new Random(seed);
        int u = 1 + r.nextInt(3), v = 1 + r.nextInt(3), d = 1 + r.nextInt(3);
        Tensor w = Tensor.randn(Shape.of(u, v), seed);
        Tensor spread = Tensor.zeros(d * (u - 1) + 1, d * (v - 1) + 1);
        for (int i = 0; i < u; i++) for (int j = 0; j < v; j++) spread.set(w.get(i, j), i * d, j * d);
        Tensor x = Tensor.randn(Shape.of(spread.dim(0) + r.nextInt(6), spread.dim(1) + r.nextInt(6)), seed + 7);
        assertTrue(Kernel2d.of(w).dilation(d).correlate(x).allClose(Kernel2d.of(spread).correlate(x), 1e-5), "D=" + d);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void multiChannelConvolutionSumsPerChannelCorrelationsAndAddsTheBias(int seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(2), ch = 1 + r.nextInt(3), f = 1 + r.nextInt(3), k = 1 + r.nextInt(3), p = r.nextInt(2);
        Tensor x = Tensor.randn(Shape.of(n, ch, k + r.nextInt(5), k + r.nextInt(5)), seed), w = Tensor.randn(Shape.of(f, ch, k, k), seed + 1);
        Tensor b = Tensor.randn(Shape.of(f), seed + 2);
        Tensor y = Conv.correlate2d(x, w, b, ConvSpec.padding(p));
        for (int i = 0; i < n; i++)
            for (int o = 0; o < f; o++) {
                double[][] expected = null;
                for (int c = 0; c < ch; c++) {
                    double[][] part = Definitions.correlate(x.at(i).at(c).toMatrix(), w.at(o).at(c).toMatrix(), 1, p);
                    if (expected == null) {
                        expected = part;
                        for (double[] row : expected) for (int j = 0; j < row.length; j++) row[j] += b.get(o);
                    } else {
                        for (int a = 0; a < part.length; a++) for (int j = 0; j < part[0].length; j++) expected[a][j] += part[a][j];
                    }
                }
                assertMatrix(expected, y.at(i).at(o), TOL, "image " + i + ", filter " + o);
            }
        // true convolution flips every kernel: the same as correlating with rot180 weights
        assertEquals(Conv.correlate2d(x, Conv.rot180(w), b, ConvSpec.padding(p)), Conv.convolve2d(x, w, b, ConvSpec.padding(p)));
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void averagePoolingOfAConstantIsThatConstant(int seed) {
        Random r = new Random(seed);
        int k = 1 + r.nextInt(4), s = 1 + r.nextInt(3);
        double value = r.nextInt(200) - 100 + 0.25;
        Tensor x = Tensor.full(value, k + r.nextInt(8), k + r.nextInt(8));
        Tensor y = Pool.avg(k).stride(s).floor().apply(x);
        for (float v : y.toArray()) assertEquals(value, v, 1e-4, "k=" + k + " s=" + s);
        assertEquals(value, Pool.globalAvg(x).get(0), 1e-4);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void maxPoolingIgnoresWhereTheMaximumSitsInsideItsWindow(int seed) {
        Random r = new Random(seed);
        int k = 2 + r.nextInt(2), rows = 1 + r.nextInt(3), cols = 1 + r.nextInt(3);
        Tensor x = Tensor.rand(Shape.of(rows * k, cols * k), seed);
        Tensor before = Pool.max(k).apply(x);
        assertMatrix(Definitions.pool(x.toMatrix(), k, k, true), before, 0, "definition");
        assertEquals(before, Pool.max(k).using(Pool2dKernels.reference()).apply(x), "reference path");
        // in every window, swap the maximum with another random cell of the same window
        Tensor moved = x.copy();
        for (int m = 0; m < rows; m++)
            for (int n = 0; n < cols; n++) {
                int bi = 0, bj = 0;
                for (int u = 0; u < k; u++) for (int v = 0; v < k; v++) if (x.get(m * k + u, n * k + v) > x.get(m * k + bi, n * k + bj)) { bi = u; bj = v; }
                int ti = r.nextInt(k), tj = r.nextInt(k);
                float best = moved.get(m * k + bi, n * k + bj), other = moved.get(m * k + ti, n * k + tj);
                moved.set(other, m * k + bi, n * k + bj).set(best, m * k + ti, n * k + tj);
            }
        assertEquals(before, Pool.max(k).apply(moved));
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void outputSizeFormulaHoldsForEveryDilation(int seed) {
        Random r = new Random(seed);
        int in = 1 + r.nextInt(30), f = 1 + r.nextInt(5), s = 1 + r.nextInt(4), p = r.nextInt(4), d = 1 + r.nextInt(3);
        int span = d * (f - 1) + 1, num = in - span + 2 * p;
        if (num < 0) {
            assertThrows(ShapeException.class, () -> OutputSize.input(in).kernel(f).stride(s).padding(p).dilation(d).floor().length());
        } else {
            assertEquals(num / s + 1, OutputSize.input(in).kernel(f).stride(s).padding(p).dilation(d).floor().length());
            if (num % s == 0) assertEquals(num / s + 1, OutputSize.input(in).kernel(f).stride(s).padding(p).dilation(d).length());
            else assertThrows(ShapeException.class, () -> OutputSize.input(in).kernel(f).stride(s).padding(p).dilation(d).length());
        }
    }

    private static double[] toDoubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) d[i] = t.get(i);
        return d;
    }
}
