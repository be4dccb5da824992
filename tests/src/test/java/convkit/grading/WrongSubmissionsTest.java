package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Deliberately wrong submissions (the reference solution with one typical bug) earn partial
 * credit, lose it exactly where the bug shows, and the feedback names the mistake.
 */
class WrongSubmissionsTest {

    private static Fixtures.Graded graded(int n, String name, String... fromTo) {
        Path dir = Fixtures.mutant(n, name, fromTo);
        return Fixtures.grade(n, dir);
    }

    private static void assertPartial(Fixtures.Graded g) {
        double s = g.report().score(), max = g.report().maxScore();
        assertTrue(s > 0 && s < max, "expected partial credit, got " + s + " / " + max + "\n" + g.report().summary());
    }

    private static void assertFull(Fixtures.Graded g, String test) {
        Report.TestResult t = g.test(test);
        assertEquals(t.maxScore(), t.score(), 1e-9, () -> test + " should be untouched by this bug:\n" + t.output());
    }

    private static void assertLost(Fixtures.Graded g, String test, String feedback) {
        Report.TestResult t = g.test(test);
        assertTrue(t.score() < t.maxScore(), () -> test + " should lose points:\n" + t.output());
        assertTrue(t.output().contains(feedback), () -> test + ": feedback should contain \"" + feedback + "\":\n" + t.output());
    }

    @Test
    void flippedKernelIsCalledCrossCorrelation() {
        Fixtures.Graded g = graded(1, "flipped-kernel",
                "reversed[k] = w[w.length - 1 - k]", "reversed[k] = w[k]",
                "r[u][v] = w[kh - 1 - u][kw - 1 - v]", "r[u][v] = w[u][v]");
        assertPartial(g);
        assertFull(g, "1D cross-correlation");
        assertFull(g, "2D cross-correlation");
        assertLost(g, "1D true convolution", "you computed cross-correlation: true convolution (卷积) reverses the kernel first");
        assertLost(g, "2D true convolution", "rotates the kernel by 180 degrees first");
    }

    @Test
    void offByOnePaddingIsCalledOffByOneRow() {
        // Rows forget to subtract P, columns do it right: every padded 2D case shifts by P rows.
        Fixtures.Graded g = graded(1, "off-by-one-padding",
                "int r = i * stride + u - padding, c = j * stride + v - padding;",
                "int r = i * stride + u - padding + (padding > 0 ? 1 : 0), c = j * stride + v - padding;");
        assertPartial(g);
        assertFull(g, "2D cross-correlation (lecture L15");
        assertLost(g, "2D zero padding", "off by one row");
        assertLost(g, "2D zero padding", "Did you pad the top edge?");
    }

    @Test
    void wrongStrideIsCalledMovingByOne() {
        Fixtures.Graded g = graded(1, "wrong-stride",
                "int i = t * stride + k - padding;", "int i = t + k - padding;",
                "int r = i * stride + u - padding, c = j * stride + v - padding;", "int r = i + u - padding, c = j + v - padding;");
        assertPartial(g);
        assertFull(g, "1D cross-correlation");
        assertLost(g, "1D stride S and zero padding P", "moved the window by 1");
        assertLost(g, "2D stride", "moved the window by 1");
    }

    @Test
    void paddingCountedOnceIsNamed() {
        Fixtures.Graded g = graded(2, "padding-once", "int numerator = inputSize - kernelSize + 2 * padding;",
                "int numerator = inputSize - kernelSize + padding;");
        assertPartial(g);
        assertFull(g, "max pooling");
        assertLost(g, "output size W2", "what P (not 2P) gives");
    }

    @Test
    void missingBiasAndAverageDividedByKAreNamed() {
        Fixtures.Graded g = graded(2, "no-bias-avg-by-k",
                "return (long) kernelSize * kernelSize * inputDepth * filters + filters;", "return (long) kernelSize * kernelSize * inputDepth * filters;",
                "y[i][j] = max ? acc : acc / (k * k);", "y[i][j] = max ? acc : acc / k;");
        assertPartial(g);
        assertFull(g, "output size W2");
        assertLost(g, "conv layer parameters", "no biases");
        assertLost(g, "average pooling", "times the expected one");
    }

    @Test
    void inputGradientWithoutRotationIsNamed() {
        Fixtures.Graded g = graded(3, "dx-not-rotated",
                "dy.get(a, k, i, j) * w.get(k, ch, uu, vv)", "dy.get(a, k, i, j) * w.get(k, ch, u - 1 - uu, v - 1 - vv)");
        assertPartial(g);
        assertFull(g, "dw = dL/dw");
        assertLost(g, "dx = dL/dx", "FULL CONVOLUTION of dy with W");
    }

    @Test
    void biasGradientOfOneExampleIsNamed() {
        Fixtures.Graded g = graded(3, "db-first-example", "j++) sum += dy.get(a, k, i, j);", "j++) sum += a == 0 ? dy.get(a, k, i, j) : 0;");
        assertPartial(g);
        assertFull(g, "dx = dL/dx");
        assertLost(g, "db = dL/db", "only the first example of the batch");
    }

    @Test
    void gradientAscentIsNamedAndTrainingFails() {
        Fixtures.Graded g = graded(4, "ascent", "p.value().addi(p.grad().scale(-learningRate));", "p.value().addi(p.grad().scale(learningRate));");
        assertPartial(g);
        assertFull(g, "build");
        assertFull(g, "accuracy");
        assertLost(g, "one SGD step", "you moved up the gradient");
        assertLost(g, "train", "below 50.0%");
    }

    @Test
    void missingZeroGradIsNamedThoughTheModelLivesInAnotherJvm() {
        // the grader's model goes to the executor and comes back with the weights and gradients the student's step left
        Fixtures.Graded g = graded(4, "no-zero-grad", "        model.zeroGrad();\n        SoftmaxCrossEntropy lossFn", "        SoftmaxCrossEntropy lossFn");
        assertFull(g, "build");
        assertLost(g, "one SGD step", "the second step used the first step's gradients too");
    }
}
