package convkit.assignments;

import static convkit.grading.TeachingAssert.assertTensor;

import convkit.conv.Conv;
import convkit.conv.Conv2dKernels;
import convkit.conv.ConvSpec;
import convkit.grading.GradingExtension;
import convkit.grading.Mistake;
import convkit.grading.Points;
import convkit.grading.StudentCode;
import convkit.grading.StudentCode.StudentMethod;
import convkit.grading.SubCases;
import convkit.grading.Visibility;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
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
 * Grader of assignment 3: the backward pass of a convolutional layer ({@code assignment3.ConvBackward}).
 * Gradients are checked against numerical gradients: with {@code L = sum(dy * y)}, each
 * {@code dL/dθ} is estimated by the central difference {@code (L(θ + h) - L(θ - h)) / 2h},
 * computed in double with a forward pass written here, independent of the student's code.
 */
@ExtendWith(GradingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class BackwardGrader {
    static final StudentCode CODE = StudentCode.of("assignment3.ConvBackward");
    static final StudentMethod FORWARD = CODE.method("forward", Tensor.class, Tensor.class, Tensor.class, int.class, int.class);
    static final StudentMethod DX = CODE.method("backwardInput", Tensor.class, Tensor.class, Tensor.class, int.class, int.class);
    static final StudentMethod DW = CODE.method("backwardWeights", Tensor.class, Tensor.class, Tensor.class, int.class, int.class);
    static final StudentMethod DB = CODE.method("backwardBias", Tensor.class);

    static final double TOL = 1e-4;
    static final double H = 1e-3;

    /** One layer configuration with its data: x (N, C, H, W), w (F, C, U, V), b (F), dy (N, F, H2, W2). */
    record Case(String name, Tensor x, Tensor w, Tensor b, Tensor dy, int s, int p) {
        static Case random(String name, long seed, int n, int c, int f, int u, int v, int h2, int w2, int s, int p) {
            int h = Oracle.inputFor(h2, u, s, p), w = Oracle.inputFor(w2, v, s, p);
            return new Case(name, Tensor.randn(Shape.of(n, c, h, w), seed), Tensor.randn(Shape.of(f, c, u, v), seed + 1), Tensor.randn(Shape.of(f), seed + 2),
                    Tensor.randn(Shape.of(n, f, h2, w2), seed + 3), s, p);
        }

        String call(String method) {
            return method + "(x " + x.shape() + ", w " + w.shape() + ", S=" + s + ", P=" + p + ")";
        }
    }

    // ------------------------------------------------------------------ the numerical gradient

    /** y = conv(x, w) + b in double, straight from the lecture's formula. */
    static double[] forward(double[] x, int[] xd, double[] w, int[] wd, double[] b, int s, int p) {
        int n = xd[0], c = xd[1], h = xd[2], wi = xd[3], f = wd[0], u = wd[2], v = wd[3];
        int h2 = (h - u + 2 * p) / s + 1, w2 = (wi - v + 2 * p) / s + 1;
        double[] y = new double[n * f * h2 * w2];
        for (int a = 0; a < n; a++)
            for (int k = 0; k < f; k++)
                for (int i = 0; i < h2; i++)
                    for (int j = 0; j < w2; j++) {
                        double sum = b[k];
                        for (int ch = 0; ch < c; ch++)
                            for (int uu = 0; uu < u; uu++)
                                for (int vv = 0; vv < v; vv++) {
                                    int r = i * s + uu - p, q = j * s + vv - p;
                                    if (r >= 0 && r < h && q >= 0 && q < wi) {
                                        sum += w[((k * c + ch) * u + uu) * v + vv] * x[((a * c + ch) * h + r) * wi + q];
                                    }
                                }
                        y[((a * f + k) * h2 + i) * w2 + j] = sum;
                    }
        return y;
    }

    static double loss(Case cs, double[] x, double[] w, double[] b) {
        double[] y = forward(x, cs.x.shape().dims(), w, cs.w.shape().dims(), b, cs.s, cs.p);
        double[] g = Oracle.toArray(cs.dy);
        double l = 0;
        for (int i = 0; i < y.length; i++) l += y[i] * g[i];
        return l;
    }

    /** Central differences of L with respect to x (which = 0), w (1) or b (2). */
    static Tensor numericGradient(Case cs, int which) {
        double[] x = Oracle.toArray(cs.x), w = Oracle.toArray(cs.w), b = Oracle.toArray(cs.b);
        double[] theta = which == 0 ? x : which == 1 ? w : b;
        float[] grad = new float[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + H;
            double plus = loss(cs, x, w, b);
            theta[i] = keep - H;
            double minus = loss(cs, x, w, b);
            theta[i] = keep;
            grad[i] = (float) ((plus - minus) / (2 * H));
        }
        Shape shape = which == 0 ? cs.x.shape() : which == 1 ? cs.w.shape() : cs.b.shape();
        return Tensor.wrap(grad, shape);
    }

    // ------------------------------------------------------------------ mistakes we can name

    static Mistake[] dxMistakes(Case cs) {
        List<Mistake> m = new ArrayList<>();
        int u = cs.w.dim(2), v = cs.w.dim(3);
        if (cs.s == 1 && u == v && cs.p <= u - 1) {
            // dx is the full convolution of dy with the kernel: correlate dy with rot180(w), channels swapped.
            Tensor wT = swapFilterAndChannel(cs.w);
            m.add(Mistake.of("your dx is dy correlated with W without rotating it. dx is a FULL CONVOLUTION of dy with W:"
                    + " correlate dy (padded by U-1-P) with rot180(W), or scatter: dx[n][c][i*S+u-P][j*S+v-P] += dy[n][f][i][j] * w[f][c][u][v].",
                    Conv.correlate2d(cs.dy, wT, null, ConvSpec.padding(u - 1 - cs.p))));
        }
        return m.toArray(new Mistake[0]);
    }

    static Mistake[] dwMistakes(Case cs) {
        List<Mistake> m = new ArrayList<>();
        if (cs.x.dim(0) > 1) {
            Tensor dw0 = Conv2dKernels.reference().backwardWeights(firstOf(cs.dy), firstOf(cs.x), cs.w.shape(), ConvSpec.stride(cs.s).withPadding(cs.p));
            m.add(Mistake.of("your dw uses only the first example of the batch: sum dy[n][f][i][j] * x[n][c][...] over every n as well.", dw0));
        }
        return m.toArray(new Mistake[0]);
    }

    static Mistake[] dbMistakes(Case cs) {
        List<Mistake> m = new ArrayList<>();
        if (cs.x.dim(0) > 1) {
            m.add(Mistake.of("your db uses only the first example of the batch: db[f] sums dy[n][f][i][j] over n, i and j.",
                    Conv2dKernels.reference().backwardBias(firstOf(cs.dy))));
        }
        return m.toArray(new Mistake[0]);
    }

    private static Tensor firstOf(Tensor t) {
        int[] d = t.shape().dims();
        d[0] = 1;
        return t.at(0).reshape(d);
    }

    private static Tensor swapFilterAndChannel(Tensor w) {
        int f = w.dim(0), c = w.dim(1), u = w.dim(2), v = w.dim(3);
        Tensor out = Tensor.zeros(c, f, u, v);
        for (int a = 0; a < f; a++) for (int b = 0; b < c; b++) for (int i = 0; i < u; i++) for (int j = 0; j < v; j++) out.set(w.get(a, b, i, j), b, a, i, j);
        return out;
    }

    // ------------------------------------------------------------------ checks

    static void checkDx(SubCases cases, Case cs) {
        cases.check(cs.name + ": dx", () -> assertTensor(cs.call("backwardInput"), numericGradient(cs, 0),
                DX.call(cs.dy, cs.x, cs.w, cs.s, cs.p), TOL, dxMistakes(cs)));
    }

    static void checkDw(SubCases cases, Case cs) {
        cases.check(cs.name + ": dw", () -> assertTensor(cs.call("backwardWeights"), numericGradient(cs, 1),
                DW.call(cs.dy, cs.x, cs.w, cs.s, cs.p), TOL, dwMistakes(cs)));
    }

    static void checkDb(SubCases cases, Case cs) {
        cases.check(cs.name + ": db", () -> assertTensor("backwardBias(dy " + cs.dy.shape() + ")", numericGradient(cs, 2),
                DB.call(cs.dy), TOL, dbMistakes(cs)));
    }

    static final Case ONE_CHANNEL = Case.random("1 channel, 3x3 kernel, S=1, P=0", 11, 1, 1, 1, 3, 3, 3, 3, 1, 0);
    static final Case PADDED = Case.random("2 channels, 2 filters, 3x3, S=1, P=1", 21, 1, 2, 2, 3, 3, 4, 4, 1, 1);
    static final Case STRIDED = Case.random("batch of 2, 2 channels, 3 filters, S=2, P=1", 31, 2, 2, 3, 3, 3, 3, 3, 2, 1);

    static Case lectureCase() {
        Tensor x = Tensor.of(new double[][] {{2, 10, 8}, {5, 15, 20}, {6, 11, 9}}).reshape(1, 1, 3, 3);
        Tensor w = Tensor.of(new double[][] {{1, 8}, {-5, 6}}).reshape(1, 1, 2, 2);
        return new Case("lecture L15's image and kernel, dy = [[1, 2], [3, 4]]", x, w, Tensor.of(0.5),
                Tensor.of(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2), 1, 0);
    }

    // ------------------------------------------------------------------ visible tests

    @Test @Order(1) @Points(2)
    @DisplayName("forward: y = W ⊗ X + b over every channel (lecture L31), stride and padding")
    void forwardPass(SubCases cases) {
        for (Case cs : List.of(lectureCase(), ONE_CHANNEL, PADDED, STRIDED)) {
            cases.check(cs.name, () -> {
                Tensor expected = Conv.correlate2d(cs.x, cs.w, cs.b, ConvSpec.stride(cs.s).withPadding(cs.p));
                Tensor noBias = Conv.correlate2d(cs.x, cs.w, null, ConvSpec.stride(cs.s).withPadding(cs.p));
                assertTensor(cs.call("forward"), expected, FORWARD.call(cs.x, cs.w, cs.b, cs.s, cs.p), TOL,
                        Mistake.of("your output has no bias: add b[f] once to every output of filter f.", noBias));
            });
        }
    }

    @Test @Order(2) @Points(4)
    @DisplayName("dx = dL/dx against the numerical gradient")
    void gradientInput(SubCases cases) {
        for (Case cs : List.of(lectureCase(), ONE_CHANNEL, PADDED, STRIDED)) checkDx(cases, cs);
    }

    @Test @Order(3) @Points(4)
    @DisplayName("dw = dL/dw against the numerical gradient")
    void gradientWeights(SubCases cases) {
        for (Case cs : List.of(lectureCase(), ONE_CHANNEL, PADDED, STRIDED)) checkDw(cases, cs);
    }

    @Test @Order(4) @Points(2)
    @DisplayName("db = dL/db against the numerical gradient")
    void gradientBias(SubCases cases) {
        for (Case cs : List.of(lectureCase(), PADDED, STRIDED)) checkDb(cases, cs);
    }

    @Test @Order(5) @Points(2)
    @DisplayName("batch of 3 with 5x5 kernels and P=2 ('same' size): dx, dw, db")
    void batchSame(SubCases cases) {
        Case cs = Case.random("batch 3, 5x5 kernel, S=1, P=2", 41, 3, 1, 2, 5, 5, 4, 4, 1, 2);
        checkDx(cases, cs);
        checkDw(cases, cs);
        checkDb(cases, cs);
    }

    // ------------------------------------------------------------------ hidden tests

    @Test @Order(6) @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("8 random layers: non-square kernels, strides 1-3, padding 0-2")
    void randomLayers(SubCases cases) {
        Random r = new Random(345);
        for (int k = 0; k < 8; k++) {
            int u = 1 + r.nextInt(3), v = 1 + r.nextInt(3), s = 1 + r.nextInt(3), p = r.nextInt(Math.min(u, v));
            int h2 = 1 + r.nextInt(3), w2 = 1 + r.nextInt(3);
            if (Oracle.inputFor(h2, u, s, p) < 1 || Oracle.inputFor(w2, v, s, p) < 1) {
                k--; // no input has this output size; draw again
                continue;
            }
            Case cs = Case.random("layer " + k, 100 + 10 * k, 1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(2), u, v, h2, w2, s, p);
            checkDx(cases, cs);
            checkDw(cases, cs);
            checkDb(cases, cs);
        }
    }

    @Test @Order(7) @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("two paths, one truth: agrees with ConvKit's reference backward on a (2, 3, 9, 9) input")
    void agreesWithLibrary(SubCases cases) {
        Case cs = Case.random("(2, 3, 9, 9) input, 4 filters 3x3, S=2, P=1", 77, 2, 3, 4, 3, 3, 5, 5, 2, 1);
        ConvSpec spec = ConvSpec.stride(cs.s).withPadding(cs.p);
        Conv2dKernels ref = Conv2dKernels.reference();
        cases.check("dx", () -> assertTensor(cs.call("backwardInput"), ref.backwardInput(cs.dy, cs.w, cs.x.shape(), spec),
                DX.call(cs.dy, cs.x, cs.w, cs.s, cs.p), TOL));
        cases.check("dw", () -> assertTensor(cs.call("backwardWeights"), ref.backwardWeights(cs.dy, cs.x, cs.w.shape(), spec),
                DW.call(cs.dy, cs.x, cs.w, cs.s, cs.p), TOL, dwMistakes(cs)));
        cases.check("db", () -> assertTensor("backwardBias", ref.backwardBias(cs.dy), DB.call(cs.dy), TOL, dbMistakes(cs)));
    }
}
