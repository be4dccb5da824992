package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.assignments.Assignments;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Student code that attacks the grader, by accident or not. Each variant is assignment 1's
 * reference solution with hostile code at the top of {@code convolve1d}, run only for the
 * lecture's FIR filter [1, 1/2, 1/4] (L02), which one sub-case of one test uses ("1D true
 * convolution", 2 of 20 points). Every other test must still be scored in full, the report
 * must be complete and valid, and the run must end within the stated bound
 * ({@link Limits#bound}: 2 x the per-class limit). A short per-test limit keeps this quick.
 */
class HostileSubmissionsTest {
    static final Limits LIMITS = Assignments.get(1).limits().withPerTest(Duration.ofSeconds(4)).withPerClass(Duration.ofSeconds(60));
    static final String HOOK = "    public static double[] convolve1d(double[] x, double[] w, int stride, int padding) {\n";
    static final String WHEN = "        if (w.length == 3 && w[1] == 0.5) {\n";
    static final String HIT = "1D true convolution";
    static final double UNTOUCHED = 18; // every test but HIT

    private static Fixtures.Graded hostile(String name, String code) {
        Path dir = Fixtures.mutant(1, name, HOOK, HOOK + WHEN + code + "\n        }\n");
        Fixtures.Graded g = Fixtures.grade(1, dir, LIMITS);
        assertTrue(g.millis() < LIMITS.bound(1).toMillis(), "the run took " + g.millis() + " ms, more than the bound " + LIMITS.bound(1));
        assertEquals(9, g.report().tests().size(), "every test is in the report");
        for (Report.TestResult t : g.report().tests()) {
            if (t.name().startsWith(HIT)) continue;
            assertEquals(t.maxScore(), t.score(), 1e-9, () -> t.name() + " never runs the hostile code and must keep its points:\n" + t.output());
        }
        return g;
    }

    private static void assertCharged(Fixtures.Graded g, String feedback) {
        Report.TestResult t = g.test(HIT);
        assertTrue(t.score() < t.maxScore(), () -> HIT + " runs the hostile code and must lose points");
        assertTrue(t.output().contains(feedback), () -> HIT + ": feedback should contain \"" + feedback + "\":\n" + t.output());
    }

    @Test
    void infiniteLoopCostsOnlyItsTests() {
        Fixtures.Graded g = hostile("loop", "            while (x.length >= 0) { Thread.onSpinWait(); }");
        assertEquals(UNTOUCHED, g.report().score(), 1e-9);
        assertCharged(g, "did not finish in time");
    }

    @Test
    void systemExitCostsOnlyItsTests() {
        Fixtures.Graded g = hostile("exit", "            System.exit(0);");
        assertEquals(UNTOUCHED, g.report().score(), 1e-9);
        assertCharged(g, "System.exit(0)");
    }

    @Test
    void stackOverflowCostsOnlyItsSubCases() {
        Fixtures.Graded g = hostile("recursion", "            return convolve1d(x, w, stride, padding);");
        assertEquals(UNTOUCHED + 2 * 2 / 3.0, g.report().score(), 0.011, "the other two sub-cases of the test keep their credit");
        assertCharged(g, "StackOverflowError");
    }

    @Test
    void outOfMemoryCostsOnlyItsTests() {
        Fixtures.Graded g = hostile("oom", "            java.util.List<double[]> hog = new java.util.ArrayList<>();\n"
                + "            while (x.length >= 0) hog.add(new double[1 << 20]);");
        assertEquals(UNTOUCHED, g.report().score(), 1e-9);
        assertCharged(g, "ran out of memory");
    }

    @Test
    void threadThatNeverEndsCostsNothing() {
        Fixtures.Graded g = hostile("thread", "            new Thread(() -> { while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } } }).start();");
        assertEquals(20, g.report().score(), 1e-9, g.report()::summary);
    }

    @Test
    void exceptionCostsOnlyItsSubCases() {
        Fixtures.Graded g = hostile("exception", "            throw new IllegalStateException(\"boom\");");
        assertEquals(UNTOUCHED + 2 * 2 / 3.0, g.report().score(), 0.011);
        assertCharged(g, "IllegalStateException: boom");
    }

    @Test
    void floodOfOutputIsCapturedAndTruncated() {
        Path dir = Fixtures.mutant(1, "flood", "public class Convolutions {\n", "public class Convolutions {\n    static boolean flooded;\n",
                HOOK, HOOK + "        if (!flooded) { flooded = true; for (int i = 0; i < 200_000; i++) System.out.println(\"debug line \" + i); }\n"
                        + "        System.out.println(\"convolve1d called with \" + x.length + \" values\");\n");
        Fixtures.Graded g = Fixtures.grade(1, dir, LIMITS);
        assertEquals(20, g.report().score(), 1e-9, "printing costs no points");
        Report.TestResult t = g.test("1D true convolution");
        assertTrue(t.output().contains("debug line 0"), "the start of the output is kept:\n" + t.output());
        assertTrue(t.output().contains("more bytes of output not shown"), "the flood is cut and the cut is said");
        assertTrue(t.output().length() <= Report.OUTPUT_LIMIT + 200, "per-test output is bounded: " + t.output().length());
        assertTrue(g.report().toJson().length() < 100_000, "the whole report stays small: " + g.report().toJson().length());
        assertTrue(g.test("1D stride S and zero padding P").output().contains("convolve1d called with 7 values"),
                "output of later tests is captured per test");
    }
}
