package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.assignments.Assignments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every assignment: the reference solution earns every point, the untouched handout none. */
class ReferenceAndSkeletonTest {

    static int[] assignments() {
        return Assignments.all().stream().mapToInt(AssignmentSpec::number).toArray();
    }

    @ParameterizedTest(name = "assignment {0}: the reference solution scores full marks")
    @MethodSource("assignments")
    void referenceSolutionScoresFullMarks(int n) {
        Fixtures.Graded g = Fixtures.grade(n, Fixtures.solution(n));
        for (Report.TestResult t : g.report().tests()) {
            assertEquals(t.maxScore(), t.score(), 1e-9, () -> t.name() + " lost points:\n" + t.output());
            assertEquals("passed", t.status());
        }
        assertEquals(g.report().maxScore(), g.report().score(), 1e-9);
        assertTrue(g.report().maxScore() >= 10, "an assignment is worth at least 10 points");
    }

    @ParameterizedTest(name = "assignment {0}: the empty skeleton scores zero and every test says why")
    @MethodSource("assignments")
    void skeletonScoresZero(int n) {
        Fixtures.Graded g = Fixtures.grade(n, Fixtures.handout(n));
        assertEquals(0, g.report().score(), 1e-9, g.report()::summary);
        for (Report.TestResult t : g.report().tests()) {
            assertEquals("failed", t.status());
            assertTrue(t.output().contains("not implemented yet"), () -> t.name() + " should say the TODO is still there:\n" + t.output());
        }
    }
}
