package convkit.assignments;

import static convkit.grading.TeachingAssert.assertMatrix;
import static convkit.grading.TeachingAssert.assertNumber;

import convkit.conv.Counts;
import convkit.conv.OutputSize;
import convkit.conv.Rounding;
import convkit.grading.GradingExtension;
import convkit.grading.Mistake;
import convkit.grading.Points;
import convkit.grading.StudentCode;
import convkit.grading.StudentCode.StudentMethod;
import convkit.grading.SubCases;
import convkit.grading.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * Grader of assignment 2: the output-size formula, parameter counts and pooling
 * ({@code assignment2.Shapes}).
 */
@ExtendWith(GradingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ShapesGrader {
    static final StudentCode CODE = StudentCode.of("assignment2.Shapes");
    static final StudentMethod OUTPUT_SIZE = CODE.method("outputSize", int.class, int.class, int.class, int.class);
    static final StudentMethod PARAMS = CODE.method("convParameters", int.class, int.class, int.class);
    static final StudentMethod VOLUME = CODE.method("convOutputVolume", int.class, int.class, int.class, int.class, int.class, int.class, int.class);
    static final StudentMethod MAX_POOL = CODE.method("maxPool", double[][].class, int.class, int.class);
    static final StudentMethod AVG_POOL = CODE.method("avgPool", double[][].class, int.class, int.class);

    /** Lecture L20. */
    static final double[][] L20_X = {{1, 1, 2, 0}, {0, 1, 1, 2}, {0, 0, 1, 3}, {0, 0, 1, 1}};

    static int expectedSize(int w, int f, int s, int p) {
        return OutputSize.input(w).kernel(f).stride(s).padding(p).named("output size").length();
    }

    static void checkSize(SubCases cases, String name, int w, int f, int s, int p) {
        cases.check(name, () -> {
            int expected = expectedSize(w, f, s, p);
            int got = OUTPUT_SIZE.call(w, f, s, p);
            String hint = "W2 = (W1 - F + 2P)/S + 1 = (" + w + " - " + f + " + " + 2 * p + ")/" + s + " + 1 = " + expected + ".";
            if (got == (w - f + p) / s + 1 && got != expected) hint += " Your answer is what P (not 2P) gives: padding is added on both sides.";
            else if (got == (w - f) / s + 1 && got != expected) hint += " Your answer ignores the padding P.";
            else if (got == w - f + 2 * p + 1 && got != expected) hint += " Your answer ignores the stride: divide by S.";
            else if (got == (w - f + 2 * p) / s && got != expected) hint += " Did you forget the + 1 (the first window)?";
            assertNumber("outputSize(W1=" + w + ", F=" + f + ", S=" + s + ", P=" + p + ")", expected, got, hint);
        });
    }

    /** Student must throw IllegalArgumentException exactly when the library does (exception parity). */
    static void checkRejects(SubCases cases, String name, int w, int f, int s, int p) {
        cases.check(name, () -> {
            String formula = "(" + w + " - " + f + " + " + 2 * p + ")/" + s + " + 1";
            int got;
            try {
                got = OUTPUT_SIZE.call(w, f, s, p);
            } catch (IllegalArgumentException expected) {
                return;
            }
            throw new AssertionFailedError("outputSize(W1=" + w + ", F=" + f + ", S=" + s + ", P=" + p + ") returned " + got
                    + " but " + formula + " = " + String.format(java.util.Locale.ROOT, "%.2f", (w - f + 2.0 * p) / s + 1)
                    + " is not a whole number (or no window fits): the kernel does not tile the input."
                    + " Integer division silently rounds down; throw an IllegalArgumentException that shows the formula instead.");
        });
    }

    static void checkParams(SubCases cases, String name, int f, int d, int k) {
        cases.check(name, () -> {
            long expected = Counts.convParameters(f, d, k);
            long got = PARAMS.call(f, d, k);
            String hint = "params = (F*F*D1)*K + K = (" + f + "*" + f + "*" + d + ")*" + k + " + " + k + " = " + expected + ".";
            if (got == expected - k) hint += " Your count has no biases: each of the K filters has one bias (+K).";
            else if (got == (long) f * f * k + k) hint += " Your count ignores the depth D1: a filter spans every input channel (F*F*D1 weights).";
            else if (got == (int) expected) hint += " Your count overflowed int: compute in long, e.g. (long) f * f * d * k.";
            assertNumber("convParameters(F=" + f + ", D1=" + d + ", K=" + k + ")", expected, got, hint);
        });
    }

    static void checkPool(SubCases cases, String name, boolean max, double[][] x, int k, int s) {
        cases.check(name, () -> {
            double[][] expected = max ? Oracle.maxPool(x, k, s) : Oracle.avgPool(x, k, s);
            StudentMethod m = max ? MAX_POOL : AVG_POOL;
            List<Mistake> mistakes = new ArrayList<>();
            try {
                mistakes.add(Mistake.of(max ? "you took the average: max pooling keeps the largest value of each window."
                        : "you took the maximum: average pooling keeps the mean of each window.",
                        max ? Oracle.avgPool(x, k, s) : Oracle.maxPool(x, k, s)));
            } catch (RuntimeException e) {
                // no such output
            }
            for (int s2 : new int[] {k, 1}) {
                if (s2 == s) continue;
                try {
                    double[][] wrong = max ? Oracle.maxPool(x, k, s2) : Oracle.avgPool(x, k, s2);
                    mistakes.add(Mistake.of("your output is what stride " + s2 + " gives: windows start every S = " + s
                            + " rows and columns (output (i, j) covers rows i*S .. i*S+K-1).", wrong));
                } catch (RuntimeException e) {
                    // that stride does not tile this input
                }
            }
            assertMatrix((max ? "maxPool" : "avgPool") + "(X " + x.length + "x" + x[0].length + ", K=" + k + ", S=" + s + ")",
                    expected, m.call(x, k, s), 1e-5, mistakes.toArray(new Mistake[0]));
        });
    }

    // ------------------------------------------------------------------ visible tests

    @Test @Order(1) @Points(2)
    @DisplayName("output size W2 = (W1 - F + 2P)/S + 1 (lecture L25-L28)")
    void outputSizeLecture(SubCases cases) {
        checkSize(cases, "L26: N=7, F=3, S=1 gives 5", 7, 3, 1, 0);
        checkSize(cases, "L26: N=7, F=3, S=2 gives 3", 7, 3, 2, 0);
        checkSize(cases, "L27: N=7, F=3, S=1, P=1 gives 7 (same size)", 7, 3, 1, 1);
        checkSize(cases, "L25: 32x32 input, 5x5 filters gives 28", 32, 5, 1, 0);
        checkSize(cases, "L28: 32x32 input, 5x5 filters, P=2 gives 32", 32, 5, 1, 2);
        checkSize(cases, "L14: 5x5 input, 3x3 kernel, S=2, P=1 gives 3", 5, 3, 2, 1);
    }

    @Test @Order(2) @Points(2)
    @DisplayName("output size rejects a stride that does not fit (lecture L26: 7x7, F=3, S=3 gives 2.33)")
    void outputSizeRejects(SubCases cases) {
        checkRejects(cases, "L26: N=7, F=3, S=3: (7 - 3)/3 + 1 = 2.33", 7, 3, 3, 0);
        checkRejects(cases, "L30: W1=32, F=5, S=2, P=0: 29/2 + 1 is not whole", 32, 5, 2, 0);
        checkRejects(cases, "a kernel larger than the padded input: W1=3, F=5, P=0", 3, 5, 1, 0);
        checkSize(cases, "... while a fitting stride still works: W1=33, F=5, S=2 gives 15", 33, 5, 2, 0);
    }

    @Test @Order(3) @Points(2)
    @DisplayName("conv layer parameters (F*F*D1)*K + K (lecture L29: 760)")
    void parameters(SubCases cases) {
        checkParams(cases, "L29: ten 5x5x3 filters have 760 parameters", 5, 3, 10);
        checkParams(cases, "L25: six 5x5x3 filters have 456 parameters", 5, 3, 6);
        checkParams(cases, "1x1 convolution, 64 -> 32 channels", 1, 64, 32);
        checkParams(cases, "a single 3x3 filter on a gray image", 3, 1, 1);
    }

    @Test @Order(4) @Points(1)
    @DisplayName("parameter counts beyond int (13x13x4096 filters, 4096 of them)")
    void parametersLong(SubCases cases) {
        checkParams(cases, "F=13, D1=4096, K=4096: about 2.8 billion parameters", 13, 4096, 4096);
    }

    @Test @Order(5) @Points(2)
    @DisplayName("output volume H2 x W2 x D2 with D2 = K (lecture L25: 28x28x6, L28: 32x32x10)")
    void outputVolume(SubCases cases) {
        int[][] cases5 = {{32, 32, 3, 6, 5, 1, 0}, {32, 32, 3, 10, 5, 1, 2}, {7, 9, 4, 2, 3, 2, 1}};
        String[] names = {"L25: 32x32x3, six 5x5 filters -> 28x28x6", "L28: 32x32x3, ten 5x5 filters, P=2 -> 32x32x10",
                "7x9x4, two 3x3 filters, S=2, P=1 -> 4x5x2"};
        for (int c = 0; c < cases5.length; c++) {
            int[] a = cases5[c];
            cases.check(names[c], () -> {
                int[] expected = {expectedSize(a[0], a[4], a[5], a[6]), expectedSize(a[1], a[4], a[5], a[6]), a[3]};
                int[] got = VOLUME.call(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
                if (!Arrays.equals(expected, got)) {
                    String hint = got != null && got.length == 3 && got[2] == a[2] && a[2] != a[3]
                            ? " The depth of the output is the number of filters K (each filter makes one activation map), not the input depth D1."
                            : " H2 and W2 follow (W1 - F + 2P)/S + 1; D2 = K.";
                    throw new AssertionFailedError("convOutputVolume(H1=" + a[0] + ", W1=" + a[1] + ", D1=" + a[2] + ", K=" + a[3] + ", F=" + a[4]
                            + ", S=" + a[5] + ", P=" + a[6] + "): expected " + Arrays.toString(expected) + " but got " + Arrays.toString(got) + "." + hint);
                }
            });
        }
    }

    @Test @Order(6) @Points(2)
    @DisplayName("max pooling (lecture L20: [[1, 2], [0, 3]])")
    void maxPoolLecture(SubCases cases) {
        checkPool(cases, "L20: 4x4, window 2, stride 2 gives [[1, 2], [0, 3]]", true, L20_X, 2, 2);
        checkPool(cases, "L20's input, window 3, stride 1 gives [[2, 3], [1, 3]]", true, L20_X, 3, 1);
        checkPool(cases, "negative values: the max of [-5, -2; -7, -3] is -2", true, new double[][] {{-5, -2}, {-7, -3}}, 2, 2);
    }

    @Test @Order(7) @Points(2)
    @DisplayName("average pooling (lecture §6.3: the mean of each window)")
    void avgPoolLecture(SubCases cases) {
        checkPool(cases, "L20's input, window 2, stride 2 gives [[0.75, 1.25], [0, 1.5]]", false, L20_X, 2, 2);
        checkPool(cases, "window 4 on 4x4: the global mean", false, L20_X, 4, 4);
        checkPool(cases, "window 2, stride 1 (overlapping windows)", false, L20_X, 2, 1);
    }

    // ------------------------------------------------------------------ hidden tests

    @Test @Order(8) @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("output size: 40 random settings, including ones that must be rejected")
    void randomSizes(SubCases cases) {
        Random r = new Random(345);
        for (int k = 0; k < 40; k++) {
            int w = 1 + r.nextInt(40), f = 1 + r.nextInt(7), s = 1 + r.nextInt(4), p = r.nextInt(4);
            boolean fits = w - f + 2 * p >= 0 && (w - f + 2 * p) % s == 0;
            if (fits) checkSize(cases, "case " + k, w, f, s, p);
            else checkRejects(cases, "case " + k, w, f, s, p);
        }
    }

    @Test @Order(9) @Points(value = 4, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("pooling: 30 random maps, windows 1-3, strides 1-3, max and average")
    void randomPooling(SubCases cases) {
        Random r = new Random(346);
        for (int k = 0; k < 30; k++) {
            int win = 1 + r.nextInt(3), s = 1 + r.nextInt(3);
            int h = (r.nextInt(4)) * s + win, w = (r.nextInt(4)) * s + win;
            checkPool(cases, "case " + k, k % 2 == 0, Oracle.ints(r, h, w), win, s);
        }
    }
}
