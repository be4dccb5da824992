package convkit.acceptance;

import static convkit.acceptance.Definitions.assertMatrix;
import static convkit.acceptance.Definitions.assertVector;
import static convkit.acceptance.Definitions.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.Conv;
import convkit.conv.ConvSpec;
import convkit.conv.Counts;
import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.conv.OutputSize;
import convkit.conv.Padding;
import convkit.conv.Rounding;
import convkit.filters.Filters;
import convkit.lecture.Example;
import convkit.lecture.Lecture;
import convkit.pool.Pool;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per worked example of the lecture (EXAMPLES.md, L01-L31). Each asserts the number the
 * lecture states, and the full output its inputs determine as computed by {@link Definitions}
 * (written from the formulas, not from ConvKit), and that the catalogue entry agrees.
 * Where the slide is garbled, the test pins ConvKit's correct behaviour and says so.
 */
class LectureExamplesTest {
    static final double EXACT = 1e-9;
    static final double FLOAT = 1e-4; // float32 storage: sums of at most a few hundred integers stay exact, fractions within 1e-6

    static void catalogueAgrees(String id) {
        Example e = Lecture.example(id);
        assertTrue(e.agrees(), () -> "catalogue entry disagrees:\n" + e);
    }

    // ---------------------------------------------------------------- 6.0 / 6.1 one dimension

    @Test
    @DisplayName("L01 one fully-connected neuron on 100x100x3 has 30000 weights")
    void L01() {
        assertEquals(30_000L, Counts.fullyConnected(100 * 100 * 3, 1));
        catalogueAgrees("L01");
    }

    @Test
    @DisplayName("L02 decaying signal w = [1, 1/2, 1/4] is true convolution y_t = sum w_k x_{t-k+1}")
    void L02() {
        double[] w = {1, 0.5, 0.25}, x = {4, 8, 2, 6};
        Kernel1d k = Kernel1d.of(w);
        // narrow: y_3 = 2 + 8/2 + 4/4 = 7, y_4 = 6 + 2/2 + 8/4 = 9 (1-based t, slide's formula)
        assertVector(new double[] {7, 9}, k.convolve(Tensor.of(x)), EXACT, "narrow");
        assertVector(Definitions.convolveFull(x, w), k.wide().convolve(Tensor.of(x)), EXACT, "wide = full");
        // the impulse response of an FIR filter is its weights
        assertVector(new double[] {1, 0.5, 0.25, 0, 0, 0}, k.wide().convolve(Tensor.of(1, 0, 0, 0)), EXACT, "impulse");
        // a correlation implementation needs the reversed kernel
        assertVector(new double[] {7, 9}, Kernel1d.of(0.25, 0.5, 1).correlate(Tensor.of(x)), EXACT, "reversed correlate");
        catalogueAgrees("L02");
    }

    @Test
    @DisplayName("L03 filter [-1, 0, 1] on the reconstructed signal: narrow, stride 2, padding 1 (figure lost, derived)")
    void L03() {
        double[] w = {-1, 0, 1}, x = {1, 1, 2, -1, 1, -3, 1};
        Kernel1d k = Kernel1d.of(w);
        assertVector(new double[] {-1, 2, 1, 2, 0}, k.convolve(Tensor.of(x)), EXACT, "narrow");
        assertVector(Definitions.convolve(x, w, 1, 0), k.convolve(Tensor.of(x)), EXACT, "narrow by definition");
        assertVector(Definitions.convolve(x, w, 2, 0), k.stride(2).convolve(Tensor.of(x)), EXACT, "stride 2");
        assertVector(Definitions.convolve(x, w, 1, 1), k.padding(1).convolve(Tensor.of(x)), EXACT, "padding 1");
        assertVector(new double[] {1, -2, -1, -2, 0}, k.correlate(Tensor.of(x)), EXACT, "correlation is the negation");
        catalogueAgrees("L03");
    }

    @Test
    @DisplayName("L04 moving average keeps low frequencies, [1,-2,1] is the second difference (derived)")
    void L04() {
        Kernel1d high = Kernel1d.of(1, -2, 1), low = Kernel1d.of(1 / 3.0, 1 / 3.0, 1 / 3.0);
        double[] u2 = new double[8], u3 = new double[5];
        for (int u = 0; u < 8; u++) u2[u] = u * u;
        for (int u = 0; u < 5; u++) u3[u] = u * u * u;
        assertVector(new double[] {2, 2, 2, 2, 2, 2}, high.convolve(Tensor.of(u2)), EXACT, "(u^2)'' = 2");
        assertVector(new double[] {6, 12, 18}, high.convolve(Tensor.of(u3)), EXACT, "(u^3)'' = 6u at u=1,2,3");
        // y''(u) = y(u+1) + y(u-1) - 2y(u) for a random signal, written out
        Tensor r = Tensor.randn(Shape.of(9), 4);
        double[] expected = new double[7];
        for (int u = 1; u <= 7; u++) expected[u - 1] = r.get(u + 1) + r.get(u - 1) - 2 * r.get(u);
        assertVector(expected, high.convolve(r), 1e-5, "second difference of a random signal");
        assertVector(new double[] {1 / 3.0, -1 / 3.0, 1 / 3.0, -1 / 3.0}, low.convolve(Tensor.of(1, -1, 1, -1, 1, -1)), 1e-6,
                "highest frequency damped to 1/3");
        assertVector(new double[] {4, -4, 4, -4}, high.convolve(Tensor.of(1, -1, 1, -1, 1, -1)), EXACT, "highest frequency x4");
        catalogueAgrees("L04");
    }

    @Test
    @DisplayName("L05 narrow M-F+1, wide M+F-1, same M; same needs odd F")
    void L05() {
        for (int m = 5; m <= 9; m++)
            for (int f : new int[] {1, 3, 5}) {
                Kernel1d k = Kernel1d.of(Tensor.ones(f));
                Tensor x = Tensor.rand(Shape.of(m), m);
                assertEquals(m - f + 1, k.narrow().convolve(x).size(), "narrow M=" + m + " F=" + f);
                assertEquals(m + f - 1, k.wide().convolve(x).size(), "wide M=" + m + " F=" + f);
                assertEquals(m, k.same().convolve(x).size(), "same M=" + m + " F=" + f);
            }
        var e = assertThrows(ShapeException.class, () -> Kernel1d.of(1, 1, 1, 1).same().convolve(Tensor.arange(7)));
        assertTrue(e.getMessage().contains("F=4") && e.getMessage().contains("odd"), e.getMessage());
        catalogueAgrees("L05");
    }

    // ---------------------------------------------------------------- 6.1 two dimensions

    static final String L06_X = "1 1 1 1 1\n-1 0 -3 0 1\n2 1 1 -1 0\n0 -1 1 2 1\n1 2 1 1 1";
    static final String L06_W = "1 0 0\n0 0 0\n0 0 -1";

    @Test
    @DisplayName("L06 2D convolution by the literal 1-based formula gives a (M-U+1) x (N-V+1) output")
    void L06() {
        Tensor y = Kernel2d.parse(L06_W).convolve(Tensor.parse(L06_X));
        assertEquals(Shape.of(3, 3), y.shape());
        assertMatrix(Definitions.convolveValid(matrix(L06_X), matrix(L06_W)), y, EXACT, "valid convolution");
        catalogueAgrees("L06");
    }

    @Test
    @DisplayName("L07 true convolution [[0,-2,-1],[2,2,4],[-1,0,0]]; correlation is its negation")
    void L07() {
        Kernel2d k = Kernel2d.parse(L06_W);
        Tensor x = Tensor.parse(L06_X);
        double[][] stated = {{0, -2, -1}, {2, 2, 4}, {-1, 0, 0}};
        assertMatrix(stated, k.convolve(x), EXACT, "lecture's Y");
        assertMatrix(Definitions.convolveValid(matrix(L06_X), matrix(L06_W)), k.convolve(x), EXACT, "definition");
        assertMatrix(Definitions.correlate(matrix(L06_X), matrix(L06_W), 1, 0), k.correlate(x), EXACT, "correlation");
        assertEquals(-1, k.convolve(x).get(0, 2), "highlighted cell");
        assertEquals("kernel rotated 180 degrees (true convolution): [[-1, 0, 0], [0, 0, 0], [0, 0, 1]]\n"
                + "y[0][2] = 1*(-1) + 0*1 = -1", k.explainConvolve(x, 0, 2).toString());
        catalogueAgrees("L07");
    }

    @Test
    @DisplayName("L08 binary image: y[0][0] = 4 and the animation's whole output")
    void L08() {
        String x = "1 1 1 0 0\n0 1 1 1 0\n0 0 1 1 1\n0 0 1 1 0\n0 1 1 0 0", w = "1 0 1\n0 1 0\n1 0 1";
        Tensor y = Kernel2d.parse(w).correlate(Tensor.parse(x));
        assertEquals(4, y.get(0, 0));
        assertMatrix(Definitions.correlate(matrix(x), matrix(w), 1, 0), y, EXACT, "whole output");
        assertMatrix(new double[][] {{4, 3, 4}, {2, 4, 3}, {2, 3, 4}}, y, EXACT, "animation's final frame");
        assertEquals(y, Kernel2d.parse(w).convolve(Tensor.parse(x)), "symmetric kernel: convolve == correlate");
        catalogueAgrees("L08");
    }

    static final String L09_X = "18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78";
    static final String CROSS = "1 0 1\n0 1 0\n1 0 1";

    @Test
    @DisplayName("L09 INPUT IMAGE x WEIGHT: 429, the whole 3x3 output, and the explained cell")
    void L09() {
        Kernel2d k = Kernel2d.parse(CROSS);
        Tensor y = k.correlate(Tensor.parse(L09_X));
        assertEquals(429, y.get(0, 0));
        assertMatrix(Definitions.correlate(matrix(L09_X), matrix(CROSS), 1, 0), y, EXACT, "whole output");
        int count429 = 0;
        for (float v : y.toArray()) if (v == 429) count429++;
        assertEquals(1, count429, "only the top-left window gives 429");
        assertEquals("y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429", k.explain(Tensor.parse(L09_X), 0, 0).toString());
        assertTrue(Lecture.example("L09").toString().contains("y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429"));
        catalogueAgrees("L09");
    }

    static final String L10_X = "18 54 51 239 244 188\n55 121 75 78 95 88\n35 24 204 113 109 221\n"
            + "3 154 104 235 25 130\n15 253 225 159 78 233\n68 85 180 214 245 0";

    @Test
    @DisplayName("L10 zero padding 1: 139, y[1][1] = 429, the whole 6x6 output except the two cells of the doubtful pixel")
    void L10() {
        Tensor x = Tensor.parse(L10_X);
        Tensor y = Kernel2d.parse(CROSS).padding(1).correlate(x);
        assertEquals(Shape.of(6, 6), y.shape());
        assertEquals(139, y.get(0, 0));
        assertEquals(429, y.get(1, 1));
        double[][] expected = Definitions.correlate(matrix(L10_X), matrix(CROSS), 1, 1);
        // X[5][5] may be an OCR loss; it reaches only outputs (4,4) and (5,5), so those two are not compared
        // with the slide. Everything else is pinned; the two doubtful cells are pinned separately below.
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) {
                if ((i == 4 && j == 4) || (i == 5 && j == 5)) continue;
                assertEquals(expected[i][j], y.get(i, j), EXACT, "cell (" + i + ", " + j + ")");
            }
        // Changing the doubtful pixel moves exactly those two cells: ConvKit's padding is right either way.
        Tensor x2 = x.copy().set(100, 5, 5);
        Tensor y2 = Kernel2d.parse(CROSS).same().correlate(x2);
        Tensor diff = y2.sub(y);
        assertEquals(100, diff.get(4, 4));
        assertEquals(100, diff.get(5, 5));
        assertEquals(200, diff.sum(), EXACT);
        // 139 does not depend on whether the image is the 6x6 or L09's 5x5
        assertEquals(139, Kernel2d.parse(CROSS).padding(1).correlate(Tensor.parse(L09_X)).get(0, 0));
        catalogueAgrees("L10");
    }

    @Test
    @DisplayName("L11 mean filter: the slide's garbled w = 1/W means 1/(U*V); ConvKit uses 1/9 for 3x3")
    void L11() {
        Tensor w = Filters.mean(3).weights();
        for (float v : w.toArray()) assertEquals(1 / 9.0, v, 1e-7);
        Tensor y = Filters.mean(3).correlate(Tensor.parse(L09_X));
        double[][] box = Definitions.correlate(matrix(L09_X), new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 1, 1);
        for (double[] row : box) for (int j = 0; j < row.length; j++) row[j] /= 9;
        assertMatrix(box, y, FLOAT, "mean filter with zero padding");
        assertEquals(637 / 9.0, y.get(1, 1), FLOAT);
        assertTrue(Lecture.example("L11").notes().get(0).contains("1/(U*V)"));
        catalogueAgrees("L11");
    }

    @Test
    @DisplayName("L12 the two slide grids differ (24 cells); canonical = Project Euler 11 (answer 70600674)")
    void L12() {
        Tensor ref = Lecture.eulerGrid(), g1 = Lecture.slideGrid(1), g2 = Lecture.slideGrid(2);
        assertEquals(Shape.of(20, 20), ref.shape());
        assertEquals(24, Lecture.differingCells(g1, g2).size());
        assertEquals(18, Lecture.differingCells(g1, ref).size());
        assertEquals(7, Lecture.differingCells(g2, ref).size());
        // cell (2, 18) has three readings: 56, 34, and the canonical 36
        assertEquals(56, g1.get(2, 18));
        assertEquals(34, g2.get(2, 18));
        assertEquals(36, ref.get(2, 18));
        // the published Project Euler 11 answer, recomputed here: 89 * 94 * 97 * 87 on the anti-diagonal from (12, 6)
        long best = 0;
        int[][] dirs = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 20; j++)
                for (int[] d : dirs) {
                    if (i + 3 * d[0] >= 20 || j + 3 * d[1] >= 20 || j + 3 * d[1] < 0) continue;
                    long p = 1;
                    for (int k = 0; k < 4; k++) p *= (long) ref.get(i + k * d[0], j + k * d[1]);
                    best = Math.max(best, p);
                }
        assertEquals(70_600_674L, best);
        assertEquals(89L * 94 * 97 * 87, best);
        assertEquals(List.of(List.of(2, 18)), Lecture.differingCells(g1, ref).stream()
                .filter(c -> Lecture.differingCells(g2, ref).contains(c)).toList(), "the one cell both grids get wrong");
        catalogueAgrees("L12");
    }

    @Test
    @DisplayName("L13 Gaussian, Laplacian and the diagonal edge kernel: weights, flip behaviour, impulse response")
    void L13() {
        assertMatrix(new double[][] {{1 / 16., 1 / 8., 1 / 16.}, {1 / 8., 1 / 4., 1 / 8.}, {1 / 16., 1 / 8., 1 / 16.}},
                Filters.gaussian3x3().weights(), EXACT, "Gaussian");
        double[][] edge = {{0, 1, 1}, {-1, 0, 1}, {-1, -1, 0}};
        assertMatrix(edge, Filters.diagonalEdge().weights(), EXACT, "edge kernel");
        Tensor img = Tensor.rand(Shape.of(8, 8), 3);
        double[][] corr = Definitions.correlate(img.toMatrix(), edge, 1, 1);
        assertMatrix(corr, Filters.diagonalEdge().correlate(img), 1e-5, "edge correlation");
        // rot180(edge) = -edge, so convolution is exactly the negative of correlation
        double[][] neg = new double[8][8];
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) neg[i][j] = -corr[i][j];
        assertMatrix(neg, Filters.diagonalEdge().convolve(img), 1e-5, "edge convolution");
        // impulse: convolution returns the kernel, correlation its rotation
        Tensor impulse = Tensor.parse("0 0 0\n0 1 0\n0 0 0");
        assertMatrix(edge, Filters.diagonalEdge().convolve(impulse), EXACT, "impulse response");
        assertMatrix(new double[][] {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}}, Filters.laplacian().convolve(impulse), EXACT, "laplacian impulse");
        catalogueAgrees("L13");
    }

    @Test
    @DisplayName("L14 W2 = (W1 - F + 2P)/S + 1 for the four animation settings (sizes inferred)")
    void L14() {
        Kernel2d k = Kernel2d.of(Tensor.ones(3, 3));
        int[][] cases = {{4, 1, 0, 2}, {5, 2, 0, 2}, {5, 1, 1, 5}, {5, 2, 1, 3}}; // W1, S, P, W2
        for (int[] c : cases) {
            assertEquals(c[3], (c[0] - 3 + 2 * c[2]) / c[1] + 1);
            assertEquals(Shape.of(c[3], c[3]), k.stride(c[1]).padding(c[2]).outputShape(c[0], c[0]));
            Tensor y = k.stride(c[1]).padding(c[2]).correlate(Tensor.rand(Shape.of(c[0], c[0]), c[0]));
            assertEquals(Shape.of(c[3], c[3]), y.shape());
        }
        catalogueAgrees("L14");
    }

    static final String L15_X = "2 10 8\n5 15 20\n6 11 9";

    @Test
    @DisplayName("L15 cross-correlation: [[147, 119], [161, 174]]")
    void L15() {
        Tensor y = Kernel2d.parse("1 8\n-5 6").correlate(Tensor.parse(L15_X));
        assertMatrix(new double[][] {{147, 119}, {161, 174}}, y, EXACT, "lecture");
        assertMatrix(Definitions.correlate(matrix(L15_X), matrix("1 8\n-5 6"), 1, 0), y, EXACT, "definition");
        assertEquals("y[0][0] = 2*1 + 10*8 + 5*(-5) + 15*6 = 147", Kernel2d.parse("1 8\n-5 6").explain(Tensor.parse(L15_X), 0, 0).toString());
        catalogueAgrees("L15");
    }

    @Test
    @DisplayName("L16 convolution: rot180(K) = [[6,-5],[8,1]], Y = [[17, 160], [14, 87]]")
    void L16() {
        Kernel2d k = Kernel2d.parse("1 8\n-5 6");
        assertMatrix(new double[][] {{6, -5}, {8, 1}}, k.rot180().weights(), EXACT, "rot180");
        Tensor y = k.convolve(Tensor.parse(L15_X));
        assertMatrix(new double[][] {{17, 160}, {14, 87}}, y, EXACT, "lecture");
        assertMatrix(Definitions.convolveValid(matrix(L15_X), matrix("1 8\n-5 6")), y, EXACT, "definition");
        catalogueAgrees("L16");
    }

    // ---------------------------------------------------------------- 6.2 counts

    @Test
    @DisplayName("L17 dense M_l*M_{l-1} vs local M_l*K (L18's numbers)")
    void L17() {
        assertEquals(1_000_000L * 1_000_000L, Counts.fullyConnected(1_000_000, 1_000_000));
        assertEquals(1_000_000L * 100, Counts.locallyConnected(1_000_000, 100));
        catalogueAgrees("L17");
    }

    @Test
    @DisplayName("L18 10^12 fully connected vs 10^8 locally connected")
    void L18() {
        assertEquals(1_000_000_000_000L, Counts.fullyConnected(1000 * 1000, 1_000_000));
        assertEquals(100_000_000L, Counts.locallyConnected(1_000_000, 10 * 10));
        catalogueAgrees("L18");
    }

    @Test
    @DisplayName("L19 weight sharing: 100 per 10x10 filter, 10000 for 100 filters (no bias)")
    void L19() {
        assertEquals(100L, Counts.sharedWeights(10 * 10, 1));
        assertEquals(10_000L, Counts.sharedWeights(10 * 10, 100));
        assertEquals(10_100L, Counts.convParameters(10, 1, 100), "with one bias per filter");
        catalogueAgrees("L19");
    }

    // ---------------------------------------------------------------- 6.3 pooling

    static final String L20_X = "1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1";

    @Test
    @DisplayName("L20 2x2 max pooling: [[1, 2], [0, 3]]")
    void L20() {
        Tensor x = Tensor.parse(L20_X);
        assertMatrix(new double[][] {{1, 2}, {0, 3}}, Pool.max(2).apply(x), EXACT, "lecture");
        assertMatrix(Definitions.pool(matrix(L20_X), 2, 2, true), Pool.max(2).apply(x), EXACT, "max definition");
        assertMatrix(Definitions.pool(matrix(L20_X), 2, 2, false), Pool.avg(2).apply(x), EXACT, "avg definition");
        assertMatrix(new double[][] {{2, 3}, {1, 3}}, Pool.max(3).stride(1).apply(x), EXACT, "the other setting");
        catalogueAgrees("L20");
    }

    @Test
    @DisplayName("L21 mean of [2, 10] is 6; max of [1, 5, 3] is 5, still 5 after 1 -> 1.5")
    void L21() {
        assertEquals(6, Pool.globalAvg(Tensor.of(2, 10)).get(0));
        assertEquals(5, Pool.globalMax(Tensor.of(1, 5, 3)).get(0));
        assertEquals(5, Pool.globalMax(Tensor.of(1.5, 5, 3)).get(0));
        catalogueAgrees("L21");
    }

    // ---------------------------------------------------------------- 6.4 layers

    @Test
    @DisplayName("L22 flattening: [1,0,0,0], [0,0,0,1]; 32x32x3 -> 3072")
    void L22() {
        Tensor f1 = Tensor.parse("1 0\n0 0").reshape(4), f2 = Tensor.parse("0 0\n0 1").reshape(4);
        assertEquals(Tensor.of(1, 0, 0, 0), f1);
        assertEquals(Tensor.of(0, 0, 0, 1), f2);
        assertEquals(0, f1.dot(f2));
        assertEquals(3072, Shape.of(32, 32, 3).size());
        catalogueAgrees("L22");
    }

    @Test
    @DisplayName("L23 pattern kernels: self-match 9, K1.K2 = K2.K3 = 5, K1.K3 = 1 (derived)")
    void L23() {
        double[][] k1 = matrix("1 -1 -1\n-1 1 -1\n-1 -1 1"), k2 = matrix("1 -1 1\n-1 1 -1\n1 -1 1"), k3 = matrix("-1 -1 1\n-1 1 -1\n1 -1 -1");
        double[][][] ks = {k1, k2, k3};
        for (double[][] a : ks)
            for (double[][] b : ks) {
                double dot = 0;
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) dot += a[i][j] * b[i][j];
                assertEquals(dot, Kernel2d.of(a).correlate(Tensor.of(b)).get(0, 0), EXACT);
            }
        assertEquals(9, Kernel2d.of(k1).correlate(Tensor.of(k1)).get(0, 0));
        assertEquals(5, Kernel2d.of(k1).correlate(Tensor.of(k2)).get(0, 0));
        assertEquals(5, Kernel2d.of(k2).correlate(Tensor.of(k3)).get(0, 0));
        assertEquals(1, Kernel2d.of(k1).correlate(Tensor.of(k3)).get(0, 0));
        catalogueAgrees("L23");
    }

    @Test
    @DisplayName("L24 curve filter: 6600 on the similar field, 0 on the other (correlation, no flip)")
    void L24() {
        Example e = Lecture.example("L24");
        Tensor rf1 = e.tensor("receptive field 1"), rf2 = e.tensor("receptive field 2"), f = e.tensor("filter");
        assertEquals(6600, Kernel2d.of(f).correlate(rf1).get(0, 0));
        assertEquals(0, Kernel2d.of(f).correlate(rf2).get(0, 0));
        assertEquals(rf1.dot(f), Kernel2d.of(f).correlate(rf1).get(0, 0), EXACT);
        // flipped, the conclusion would not hold
        assertEquals(Definitions.convolveValid(rf1.toMatrix(), f.toMatrix())[0][0], Kernel2d.of(f).convolve(rf1).get(0, 0), EXACT);
        assertEquals(3600, Kernel2d.of(f).convolve(rf1).get(0, 0));
        assertEquals(2250, Kernel2d.of(f).convolve(rf2).get(0, 0));
        catalogueAgrees("L24");
    }

    @Test
    @DisplayName("L25 six 5x5x3 filters on 32x32x3: 28x28x6; one output cell checked by hand")
    void L25() {
        Tensor x = Tensor.randn(Shape.of(1, 3, 32, 32), 1), w = Tensor.randn(Shape.of(6, 3, 5, 5), 2), b = Tensor.randn(Shape.of(6), 3);
        Tensor y = Conv.correlate2d(x, w, b, ConvSpec.DEFAULT);
        assertEquals(Shape.of(1, 6, 28, 28), y.shape());
        // y[0][4][10][20] = b[4] + sum_c sum_u sum_v w[4][c][u][v] x[0][c][10+u][20+v]
        double s = b.get(4);
        for (int c = 0; c < 3; c++) for (int u = 0; u < 5; u++) for (int v = 0; v < 5; v++) s += w.get(4, c, u, v) * x.get(0, c, 10 + u, 20 + v);
        assertEquals(s, y.get(0, 4, 10, 20), 1e-4);
        assertEquals(456L, Counts.convParameters(5, 3, 6));
        catalogueAgrees("L25");
    }

    @Test
    @DisplayName("L26 7x7, F=3: S=1 -> 5, S=2 -> 3, S=3 -> 2.33 rejected by the strict policy (FLOOR gives 2)")
    void L26() {
        assertEquals(5, OutputSize.input(7).kernel(3).length());
        assertEquals(3, OutputSize.input(7).kernel(3).stride(2).length());
        assertEquals(7 / 3.0, (7 - 3) / 3.0 + 1, EXACT);
        var e = assertThrows(ShapeException.class, () -> Kernel2d.of(Tensor.ones(3, 3)).stride(3).correlate(Tensor.rand(Shape.of(7, 7), 1)));
        assertTrue(e.getMessage().contains("(7 - 3 + 0)/3 + 1 = 4/3 + 1 = 2.33"), e.getMessage());
        assertEquals(Shape.of(2, 2), Kernel2d.of(Tensor.ones(3, 3)).stride(3).floor().correlate(Tensor.rand(Shape.of(7, 7), 1)).shape());
        catalogueAgrees("L26");
    }

    @Test
    @DisplayName("L27 7x7, F=3, S=1, P=1 keeps 7x7; same padding P = (F-1)/2 is 1, 2, 3 for F = 3, 5, 7")
    void L27() {
        assertEquals(Shape.of(7, 7), Kernel2d.of(Tensor.ones(3, 3)).padding(1).correlate(Tensor.rand(Shape.of(7, 7), 1)).shape());
        assertEquals(1, Padding.Mode.SAME.resolve(3, 1));
        assertEquals(2, Padding.Mode.SAME.resolve(5, 1));
        assertEquals(3, Padding.Mode.SAME.resolve(7, 1));
        for (int f : new int[] {3, 5, 7}) assertEquals(Shape.of(7, 7), Kernel2d.of(Tensor.ones(f, f)).same().outputShape(7, 7));
        catalogueAgrees("L27");
    }

    @Test
    @DisplayName("L28 ten 5x5 filters, padding 2, on 32x32x3: 32x32x10; a corner cell sees the padding")
    void L28() {
        Tensor x = Tensor.randn(Shape.of(1, 3, 32, 32), 4), w = Tensor.randn(Shape.of(10, 3, 5, 5), 5);
        Tensor y = Conv.correlate2d(x, w, null, ConvSpec.padding(2));
        assertEquals(Shape.of(1, 10, 32, 32), y.shape());
        double s = 0; // corner (0, 0): only u, v >= 2 reach the image
        for (int c = 0; c < 3; c++) for (int u = 2; u < 5; u++) for (int v = 2; v < 5; v++) s += w.get(7, c, u, v) * x.get(0, c, u - 2, v - 2);
        assertEquals(s, y.get(0, 7, 0, 0), 1e-4);
        catalogueAgrees("L28");
    }

    @Test
    @DisplayName("L29 5x5x3 filters, K=10: 76 each, 760 in all")
    void L29() {
        assertEquals(76L, Counts.weightsPerFilter(5, 3) + 1);
        assertEquals(760L, Counts.convParameters(5, 3, 10));
        assertEquals((5 * 5 * 3) * 10 + 10, Counts.convParameters(5, 3, 10));
        catalogueAgrees("L29");
    }

    @Test
    @DisplayName("L30 common settings keep the size; F=5, S=2 never fits an even width under the strict policy")
    void L30() {
        for (int[] fp : new int[][] {{3, 1}, {5, 2}, {1, 0}}) assertEquals(32, OutputSize.input(32).kernel(fp[0]).padding(fp[1]).length());
        for (int p = 0; p <= 6; p++) {
            final int pad = p;
            assertThrows(ShapeException.class, () -> OutputSize.input(32).kernel(5).stride(2).padding(pad).length(), "P=" + p);
            assertEquals((33 - 5 + 2 * p) / 2 + 1, OutputSize.input(33).kernel(5).stride(2).padding(p).length());
        }
        assertEquals(7, Conv.correlate2d(Tensor.rand(Shape.of(1, 3, 8, 8), 6), Tensor.rand(Shape.of(7, 3, 3, 3), 7), null, ConvSpec.DEFAULT).dim(1), "D2 = K");
        catalogueAgrees("L30");
    }

    @Test
    @DisplayName("L31 kernel depth must equal input depth; channels are summed")
    void L31() {
        Tensor x = Tensor.randn(Shape.of(1, 3, 6, 6), 8), w = Tensor.randn(Shape.of(1, 3, 3, 3), 9);
        Tensor y = Conv.correlate2d(x, w, null, ConvSpec.DEFAULT);
        double[][] sum = new double[4][4];
        for (int c = 0; c < 3; c++) {
            double[][] part = Definitions.correlate(x.at(0).at(c).toMatrix(), w.at(0).at(c).toMatrix(), 1, 0);
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) sum[i][j] += part[i][j];
        }
        assertMatrix(sum, y.reshape(4, 4), 1e-5, "sum over channels");
        var e = assertThrows(ShapeException.class, () -> Conv.correlate2d(Tensor.rand(Shape.of(1, 3, 32, 32), 1), Tensor.rand(Shape.of(6, 1, 5, 5), 2), null, ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("C=3") && e.getMessage().contains("C=1") && e.getMessage().contains("(F, 3, 5, 5)"), e.getMessage());
        catalogueAgrees("L31");
    }
}
