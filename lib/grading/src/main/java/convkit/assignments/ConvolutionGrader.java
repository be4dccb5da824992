package convkit.assignments;

import static convkit.grading.TeachingAssert.assertMatrix;
import static convkit.grading.TeachingAssert.assertVector;

import convkit.grading.GradingExtension;
import convkit.grading.Mistake;
import convkit.grading.Points;
import convkit.grading.StudentCode;
import convkit.grading.StudentCode.StudentMethod;
import convkit.grading.SubCases;
import convkit.grading.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grader of assignment 1: 1D and 2D cross-correlation and true convolution with stride and
 * zero padding ({@code assignment1.Convolutions}). Lecture examples first, then seeded random
 * cases compared with ConvKit's reference implementation.
 */
@ExtendWith(GradingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ConvolutionGrader {
    static final StudentCode CODE = StudentCode.of("assignment1.Convolutions");
    static final StudentMethod CORR1 = CODE.method("correlate1d", double[].class, double[].class, int.class, int.class);
    static final StudentMethod CONV1 = CODE.method("convolve1d", double[].class, double[].class, int.class, int.class);
    static final StudentMethod CORR2 = CODE.method("correlate2d", double[][].class, double[][].class, int.class, int.class);
    static final StudentMethod CONV2 = CODE.method("convolve2d", double[][].class, double[][].class, int.class, int.class);

    static final double TOL = 1e-5;

    /** Lecture L03: the filter [-1, 0, 1] and the sequence of the slide's figure. */
    static final double[] L03_X = {1, 1, 2, -1, 1, -3, 1};
    static final double[] L03_W = {-1, 0, 1};
    /** Lecture L07 / L06. */
    static final double[][] L07_X = {{1, 1, 1, 1, 1}, {-1, 0, -3, 0, 1}, {2, 1, 1, -1, 0}, {0, -1, 1, 2, 1}, {1, 2, 1, 1, 1}};
    static final double[][] L07_W = {{1, 0, 0}, {0, 0, 0}, {0, 0, -1}};
    /** Lecture L15 / L16. */
    static final double[][] L15_X = {{2, 10, 8}, {5, 15, 20}, {6, 11, 9}};
    static final double[][] L15_K = {{1, 8}, {-5, 6}};
    /** Lecture L08 (the binary image and X-shaped kernel of the sliding-window animation). */
    static final double[][] L08_X = {{1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}};
    static final double[][] X_KERNEL = {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}};
    /** Lecture L10: the 6x6 image behind the zero-padded grid (its top-left 5x5 is L09's input). */
    static final double[][] L10_X = {{18, 54, 51, 239, 244, 188}, {55, 121, 75, 78, 95, 88}, {35, 24, 204, 113, 109, 221},
            {3, 154, 104, 235, 25, 130}, {15, 253, 225, 159, 78, 233}, {68, 85, 180, 214, 245, 0}};

    // ------------------------------------------------------------------ the mistakes we can name

    static Mistake[] correlate1dMistakes(double[] x, double[] w, int s, int p) {
        List<Mistake> m = new ArrayList<>();
        add(m, "you reversed the kernel: that is true convolution. Cross-correlation (互相关) slides w as it is:"
                + " y[t] = sum_k w[k] * x[t*S + k - P].", () -> Oracle.correlate1dFloor(x, Oracle.reverse(w), s, p));
        add(m, "your output is what stride 1 gives: step the window by S, so output t starts at input t*S - P.",
                () -> Oracle.correlate1dFloor(x, w, 1, p));
        add(m, "your output is what no padding gives: add P zeros at both ends (positions outside x read as 0).",
                () -> Oracle.correlate1dFloor(x, w, s, 0));
        if (s > 1) add(m, MOVED_BY_ONE, () -> prefix(Oracle.correlate1dFloor(x, w, 1, p), (x.length - w.length + 2 * p) / s + 1));
        return m.toArray(new Mistake[0]);
    }

    static final String MOVED_BY_ONE = "you made the right number of outputs but moved the window by 1 each time:"
            + " it moves by the stride, so output t starts at input t*S - P (row i*S - P, column j*S - P in 2D).";

    private static double[] prefix(double[] v, int n) {
        return java.util.Arrays.copyOf(v, n);
    }

    private static double[][] topLeft(double[][] v, int h, int w) {
        double[][] out = new double[h][];
        for (int i = 0; i < h; i++) out[i] = java.util.Arrays.copyOf(v[i], w);
        return out;
    }

    static Mistake[] convolve1dMistakes(double[] x, double[] w, int s, int p) {
        List<Mistake> m = new ArrayList<>();
        add(m, "you computed cross-correlation: true convolution (卷积) reverses the kernel first,"
                + " y_t = sum_k w_k x_{t-k+1}, i.e. correlate x with w reversed.", () -> Oracle.correlate1dFloor(x, w, s, p));
        add(m, "your output is what stride 1 gives: step the window by S, so output t starts at input t*S - P.",
                () -> Oracle.correlate1dFloor(x, Oracle.reverse(w), 1, p));
        add(m, "your output is what no padding gives: add P zeros at both ends (positions outside x read as 0).",
                () -> Oracle.correlate1dFloor(x, Oracle.reverse(w), s, 0));
        if (s > 1) add(m, MOVED_BY_ONE, () -> prefix(Oracle.correlate1dFloor(x, Oracle.reverse(w), 1, p), (x.length - w.length + 2 * p) / s + 1));
        return m.toArray(new Mistake[0]);
    }

    static Mistake[] correlate2dMistakes(double[][] x, double[][] w, int s, int p) {
        List<Mistake> m = new ArrayList<>();
        add2(m, "you rotated the kernel by 180 degrees: that is true convolution. Cross-correlation (互相关)"
                + " uses w as it is: y[i][j] = sum_u sum_v w[u][v] * x[i*S + u - P][j*S + v - P].",
                () -> Oracle.correlate2dFloor(x, Oracle.rot180(w), s, p));
        add2(m, "your output is what stride 1 gives: step the window by S, so output (i, j) starts at input (i*S - P, j*S - P).",
                () -> Oracle.correlate2dFloor(x, w, 1, p));
        add2(m, "your output is what no padding gives: add P rows and columns of zeros on every side.",
                () -> Oracle.correlate2dFloor(x, w, s, 0));
        if (s > 1) add2(m, MOVED_BY_ONE, () -> topLeft(Oracle.correlate2dFloor(x, w, 1, p),
                (x.length - w.length + 2 * p) / s + 1, (x[0].length - w[0].length + 2 * p) / s + 1));
        return m.toArray(new Mistake[0]);
    }

    static Mistake[] convolve2dMistakes(double[][] x, double[][] w, int s, int p) {
        List<Mistake> m = new ArrayList<>();
        add2(m, "you computed cross-correlation: true convolution (卷积) rotates the kernel by 180 degrees first,"
                + " Y = rot180(W) ⊗ X (flip both the rows and the columns).", () -> Oracle.correlate2dFloor(x, w, s, p));
        add2(m, "you flipped the kernel along one axis only: rot180 reverses both the rows and the columns.",
                () -> Oracle.correlate2dFloor(x, flipRows(w), s, p));
        add2(m, "you flipped the kernel along one axis only: rot180 reverses both the rows and the columns.",
                () -> Oracle.correlate2dFloor(x, flipCols(w), s, p));
        add2(m, "your output is what stride 1 gives: step the window by S, so output (i, j) starts at input (i*S - P, j*S - P).",
                () -> Oracle.correlate2dFloor(x, Oracle.rot180(w), 1, p));
        add2(m, "your output is what no padding gives: add P rows and columns of zeros on every side.",
                () -> Oracle.correlate2dFloor(x, Oracle.rot180(w), s, 0));
        if (s > 1) add2(m, MOVED_BY_ONE, () -> topLeft(Oracle.correlate2dFloor(x, Oracle.rot180(w), 1, p),
                (x.length - w.length + 2 * p) / s + 1, (x[0].length - w[0].length + 2 * p) / s + 1));
        return m.toArray(new Mistake[0]);
    }

    private interface Wrong1 {
        double[] get();
    }

    private interface Wrong2 {
        double[][] get();
    }

    private static void add(List<Mistake> m, String cause, Wrong1 f) {
        try {
            m.add(Mistake.of(cause, f.get()));
        } catch (RuntimeException e) {
            // this mistake gives no output for these sizes
        }
    }

    private static void add2(List<Mistake> m, String cause, Wrong2 f) {
        try {
            m.add(Mistake.of(cause, f.get()));
        } catch (RuntimeException e) {
            // this mistake gives no output for these sizes
        }
    }

    private static double[][] flipRows(double[][] w) {
        double[][] r = new double[w.length][];
        for (int i = 0; i < w.length; i++) r[i] = w[w.length - 1 - i].clone();
        return r;
    }

    private static double[][] flipCols(double[][] w) {
        double[][] r = new double[w.length][];
        for (int i = 0; i < w.length; i++) r[i] = Oracle.reverse(w[i]);
        return r;
    }

    // ------------------------------------------------------------------ checks

    static void checkCorrelate1d(SubCases cases, String name, double[] x, double[] w, int s, int p) {
        cases.check(name, () -> assertVector("correlate1d(x=" + Oracle.str(x) + ", w=" + Oracle.str(w) + ", S=" + s + ", P=" + p + ")",
                Oracle.correlate1d(x, w, s, p), CORR1.call(x, w, s, p), TOL, correlate1dMistakes(x, w, s, p)));
    }

    static void checkConvolve1d(SubCases cases, String name, double[] x, double[] w, int s, int p) {
        cases.check(name, () -> assertVector("convolve1d(x=" + Oracle.str(x) + ", w=" + Oracle.str(w) + ", S=" + s + ", P=" + p + ")",
                Oracle.convolve1d(x, w, s, p), CONV1.call(x, w, s, p), TOL, convolve1dMistakes(x, w, s, p)));
    }

    static void checkCorrelate2d(SubCases cases, String name, double[][] x, double[][] w, int s, int p) {
        cases.check(name, () -> assertMatrix("correlate2d(X " + x.length + "x" + x[0].length + ", W " + w.length + "x" + w[0].length
                        + ", S=" + s + ", P=" + p + ")", Oracle.correlate2d(x, w, s, p), CORR2.call(x, w, s, p), TOL,
                correlate2dMistakes(x, w, s, p)));
    }

    static void checkConvolve2d(SubCases cases, String name, double[][] x, double[][] w, int s, int p) {
        cases.check(name, () -> assertMatrix("convolve2d(X " + x.length + "x" + x[0].length + ", W " + w.length + "x" + w[0].length
                        + ", S=" + s + ", P=" + p + ")", Oracle.convolve2d(x, w, s, p), CONV2.call(x, w, s, p), TOL,
                convolve2dMistakes(x, w, s, p)));
    }

    // ------------------------------------------------------------------ visible tests

    @Test @Order(1) @Points(2)
    @DisplayName("1D cross-correlation, narrow (lecture L03: filter [-1, 0, 1])")
    void correlate1dNarrow(SubCases cases) {
        checkCorrelate1d(cases, "L03: [-1, 0, 1] on [1, 1, 2, -1, 1, -3, 1] gives [1, -2, -1, -2, 0]", L03_X, L03_W, 1, 0);
        checkCorrelate1d(cases, "asymmetric kernel [1, 2] on [1, 2, 3, 4]", new double[] {1, 2, 3, 4}, new double[] {1, 2}, 1, 0);
        checkCorrelate1d(cases, "kernel as long as the signal gives one output", new double[] {3, -1, 2}, new double[] {1, 2, 3}, 1, 0);
    }

    @Test @Order(2) @Points(2)
    @DisplayName("1D true convolution (lecture L02-L04: y_t = sum_k w_k x_{t-k+1})")
    void convolve1dNarrow(SubCases cases) {
        checkConvolve1d(cases, "L03: [-1, 0, 1] on [1, 1, 2, -1, 1, -3, 1] gives [-1, 2, 1, 2, 0]", L03_X, L03_W, 1, 0);
        checkConvolve1d(cases, "L02: the FIR filter w = [1, 1/2, 1/4] on [1, 2, 3, 4, 5]",
                new double[] {1, 2, 3, 4, 5}, new double[] {1, 0.5, 0.25}, 1, 0);
        checkConvolve1d(cases, "L04: second difference [1, -2, 1] of u^2 is 2 everywhere",
                new double[] {0, 1, 4, 9, 16, 25}, new double[] {1, -2, 1}, 1, 0);
    }

    @Test @Order(3) @Points(2)
    @DisplayName("1D stride S and zero padding P (lecture §6.1: (M - F + 2P)/S + 1 outputs)")
    void strideAndPadding1d(SubCases cases) {
        checkCorrelate1d(cases, "S=2, P=0 on L03's signal: (7 - 3)/2 + 1 = 3 outputs", L03_X, L03_W, 2, 0);
        checkCorrelate1d(cases, "S=1, P=1 (same length): 7 outputs", L03_X, L03_W, 1, 1);
        checkCorrelate1d(cases, "S=2, P=1: (7 - 3 + 2)/2 + 1 = 4 outputs", L03_X, L03_W, 2, 1);
        checkConvolve1d(cases, "convolution, S=2, P=1", L03_X, new double[] {1, 2, 3}, 2, 1);
        checkConvolve1d(cases, "wide convolution, P = F - 1 = 2: M + F - 1 = 9 outputs", L03_X, new double[] {1, -2, 1}, 1, 2);
    }

    @Test @Order(4) @Points(2)
    @DisplayName("2D cross-correlation (lecture L15: 147 119 / 161 174; L08; L09: 429)")
    void correlate2dLecture(SubCases cases) {
        checkCorrelate2d(cases, "L15: 3x3 image, kernel [[1, 8], [-5, 6]] gives [[147, 119], [161, 174]]", L15_X, L15_K, 1, 0);
        checkCorrelate2d(cases, "L08: binary image, X-shaped kernel gives [[4, 3, 4], [2, 4, 3], [2, 3, 4]]", L08_X, X_KERNEL, 1, 0);
        double[][] l09 = new double[5][];
        for (int i = 0; i < 5; i++) l09[i] = java.util.Arrays.copyOf(L10_X[i], 5);
        checkCorrelate2d(cases, "L09: top-left output is 429", l09, X_KERNEL, 1, 0);
        checkCorrelate2d(cases, "L07's image and kernel, correlated (no flip)", L07_X, L07_W, 1, 0);
    }

    @Test @Order(5) @Points(2)
    @DisplayName("2D true convolution (lecture L16: 17 160 / 14 87; L07)")
    void convolve2dLecture(SubCases cases) {
        checkConvolve2d(cases, "L16: rot180([[1, 8], [-5, 6]]) = [[6, -5], [8, 1]], giving [[17, 160], [14, 87]]", L15_X, L15_K, 1, 0);
        checkConvolve2d(cases, "L07: gives [[0, -2, -1], [2, 2, 4], [-1, 0, 0]]", L07_X, L07_W, 1, 0);
        checkConvolve2d(cases, "L13: the edge kernel [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]] on L08's image",
                L08_X, new double[][] {{0, 1, 1}, {-1, 0, 1}, {-1, -1, 0}}, 1, 0);
    }

    @Test @Order(6) @Points(2)
    @DisplayName("2D zero padding (lecture L10: P=1 keeps 6x6, y[0][0] = 139)")
    void padding2d(SubCases cases) {
        checkCorrelate2d(cases, "L10: 6x6 image, X-shaped kernel, P=1: y[0][0] = 139 and y[1][1] = 429", L10_X, X_KERNEL, 1, 1);
        checkCorrelate2d(cases, "L15's image with its 2x2 kernel and P=1: 4x4 output", L15_X, L15_K, 1, 1);
        checkConvolve2d(cases, "L07 with P=1 (same size, 5x5)", L07_X, L07_W, 1, 1);
        checkConvolve2d(cases, "full convolution, P = F - 1 = 2", L07_X, L07_W, 1, 2);
    }

    @Test @Order(7) @Points(2)
    @DisplayName("2D stride (lecture L14: W2 = (W1 - F + 2P)/S + 1)")
    void stride2d(SubCases cases) {
        checkCorrelate2d(cases, "5x5, 3x3 kernel, S=2, P=0: 2x2 output", L07_X, X_KERNEL, 2, 0);
        checkCorrelate2d(cases, "5x5, 3x3 kernel, S=2, P=1: 3x3 output", L07_X, L07_W, 2, 1);
        checkConvolve2d(cases, "convolution 5x5, S=2, P=1", L07_X, L07_W, 2, 1);
        checkConvolve2d(cases, "convolution 7x7, S=3, P=1: 3x3 output", Oracle.ints(new Random(7), 7, 7), L07_W, 3, 1);
    }

    // ------------------------------------------------------------------ hidden tests

    @Test @Order(8) @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("1D: 30 random signals and kernels, strides 1-3, padding 0-2")
    void random1d(SubCases cases) {
        Random r = new Random(345);
        for (int k = 0; k < 30; k++) {
            int f = 1 + r.nextInt(5), s = 1 + r.nextInt(3), p = r.nextInt(Math.min(3, f)), out = 1 + r.nextInt(6);
            int m = Oracle.inputFor(out, f, s, p);
            if (m < 1) {
                k--;
                continue;
            }
            double[] x = Oracle.ints(r, m), w = Oracle.ints(r, f);
            if (k % 2 == 0) checkCorrelate1d(cases, "case " + k, x, w, s, p);
            else checkConvolve1d(cases, "case " + k, x, w, s, p);
        }
    }

    @Test @Order(9) @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("2D: 30 random images, non-square kernels, strides 1-3, padding 0-2")
    void random2d(SubCases cases) {
        Random r = new Random(346);
        for (int k = 0; k < 30; k++) {
            int u = 1 + r.nextInt(4), v = 1 + r.nextInt(4), s = 1 + r.nextInt(3), p = r.nextInt(Math.min(3, Math.min(u, v)));
            int h = Oracle.inputFor(1 + r.nextInt(5), u, s, p), w = Oracle.inputFor(1 + r.nextInt(5), v, s, p);
            if (h < 1 || w < 1) {
                k--;
                continue;
            }
            double[][] x = Oracle.ints(r, h, w), kernel = Oracle.ints(r, u, v);
            if (k % 2 == 0) checkCorrelate2d(cases, "case " + k, x, kernel, s, p);
            else checkConvolve2d(cases, "case " + k, x, kernel, s, p);
        }
    }
}
