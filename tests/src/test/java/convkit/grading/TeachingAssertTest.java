package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The feedback of the teaching assertions: which element, expected vs actual, and the likely cause. */
class TeachingAssertTest {
    static final double[][] EXPECTED = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};

    private static String failure(double[][] actual, Mistake... mistakes) {
        return assertThrows(AssertionError.class, () -> TeachingAssert.assertMatrix("y", EXPECTED, actual, 1e-9, mistakes)).getMessage();
    }

    @Test
    void equalResultsPass() {
        assertDoesNotThrow(() -> TeachingAssert.assertMatrix("y", EXPECTED, EXPECTED, 1e-9));
        assertDoesNotThrow(() -> TeachingAssert.assertVector("y", new double[] {1, 2}, new double[] {1, 2 + 1e-12}, 1e-9));
    }

    @Test
    void namesTheFirstDifferingElementWithBothValues() {
        double[][] a = {{1, 2, 3, 4}, {5, 6, 70, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
        String m = failure(a);
        assertTrue(m.contains("1 of 16 values differ; the first at [1][2]: expected 7, got 70"), m);
        assertTrue(m.contains("expected") && m.contains("yours"), "small results are printed side by side:\n" + m);
    }

    @Test
    void rowShiftIsOffByOneRowAndAsksAboutTheTopEdge() {
        double[][] a = {{5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}, {0, 0, 0, 0}};
        String m = failure(a);
        assertTrue(m.contains("off by one row") && m.contains("Did you pad the top edge?"), m);
    }

    @Test
    void columnShiftIsOffByOneColumn() {
        double[][] a = {{0, 1, 2, 3}, {0, 5, 6, 7}, {0, 9, 10, 11}, {0, 13, 14, 15}};
        String m = failure(a);
        assertTrue(m.contains("off by one column"), m);
    }

    @Test
    void onlyTheBorderWrongPointsAtThePadding() {
        double[][] a = {{0, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 99}};
        String m = failure(a);
        assertTrue(m.contains("only values on the border differ") && m.contains("zero padding"), m);
    }

    @Test
    void signsZerosAndFactorsAreRecognised() {
        double[][] neg = new double[4][4], zero = new double[4][4], half = new double[4][4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) {
            neg[i][j] = -EXPECTED[i][j];
            half[i][j] = EXPECTED[i][j] / 4;
        }
        assertTrue(failure(neg).contains("opposite sign"));
        assertTrue(failure(zero).contains("every value is 0"));
        assertTrue(failure(half).contains("0.25 times the expected"), failure(half));
    }

    @Test
    void aKnownMistakeIsNamedBeforeAnyPattern() {
        double[][] a = {{16, 15, 14, 13}, {12, 11, 10, 9}, {8, 7, 6, 5}, {4, 3, 2, 1}};
        String m = failure(a, Mistake.of("you rotated the kernel", a));
        assertTrue(m.contains("likely cause: you rotated the kernel"), m);
    }

    @Test
    void aWrongShapeNamesBothShapesAndAMistakeOfThatShape() {
        double[][] a = {{1, 2}, {3, 4}};
        String m = failure(a, Mistake.ofShape("what no padding gives", 3, 3), Mistake.ofShape("what stride 1 gives", 2, 2));
        assertTrue(m.contains("expected (4, 4) but got (2, 2)") && m.contains("likely cause: what stride 1 gives"), m);
    }

    @Test
    void nullAndRaggedResultsAreExplained() {
        assertTrue(failure(null).contains("returned null"));
        assertTrue(failure(new double[][] {{1, 2, 3, 4}, {1}}).contains("row 1 of your result has 1 values"));
    }

    @Test
    void tensorsNameTheirFullIndex() {
        Tensor e = Tensor.zeros(2, 1, 2, 2), a = Tensor.zeros(2, 1, 2, 2).set(5, 1, 0, 1, 0);
        String m = assertThrows(AssertionError.class, () -> TeachingAssert.assertTensor("dx", e, a, 1e-6)).getMessage();
        assertTrue(m.contains("the first at [1][0][1][0]: expected 0, got 5"), m);
    }

    @Test
    void studentExceptionsBecomeSentences() {
        assertTrue(Feedback.explain(new UnsupportedOperationException("TODO: x")).contains("not implemented yet"));
        assertTrue(Feedback.explain(new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 5")).contains("zero padding"));
        assertTrue(Feedback.explain(new StackOverflowError()).contains("base case"));
    }
}
