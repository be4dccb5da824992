package convkit.grading.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.grading.Report;
import convkit.grading.batch.StudentResult.NamedMistake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the class summary reads named mistakes out of the feedback. */
class MistakesTest {

    private static Report.TestResult test(String name, double score, String output) {
        return new Report.TestResult(name, "1." + name.length(), score, 2, score >= 2 ? "passed" : "failed", "visible", output);
    }

    private static Report report(String top, Report.TestResult... tests) {
        double s = 0;
        for (Report.TestResult t : tests) s += t.score();
        return new Report(s, 1, top, "visible", "hidden", List.of(tests), Map.of());
    }

    @Test
    void likelyCausesAndKnownFailuresAreNamedOncePerCauseWithTheirTests() {
        Report r = report("graded the file X.java",
                test("full marks", 2, "likely cause: ignored, the test passed"),
                test("1D", 1, "1 of 2 sub-cases failed:\n- a: values differ\n  likely cause: you forgot the padding\n"),
                test("2D", 0, "- a: likely cause: you forgot the padding\n- b: ArrayIndexOutOfBoundsException: Index 5 at assignment1.C.f"),
                test("loop", 0, "stopped after 10 s (or three times that if it sat waiting): this test did not finish in time. An endless loop?"),
                test("throws", 0, "- a: NullPointerException at assignment1.C.g(C.java:3). Did a method return null?"));
        List<NamedMistake> m = Mistakes.of(r);
        assertEquals(List.of(
                new NamedMistake("you forgot the padding", List.of("1D", "2D")),
                new NamedMistake("did not finish in time (an endless loop, or a thread that waits forever)", List.of("loop")),
                new NamedMistake("NullPointerException thrown by the submission", List.of("throws"))), m,
                "a named cause wins over the exception beside it; a test with full marks says nothing");
    }

    @Test
    void aSubmissionWhereNoTestRanIsNamedOnceFromTheTop() {
        assertEquals(List.of(new NamedMistake("does not compile", List.of())),
                Mistakes.of(report("your code does not compile:\nC.java:3: ';' expected",
                        test("a", 0, "not run: your code does not compile: (see the top of the report)"),
                        test("b", 0, "not run: your code does not compile: (see the top of the report)"))));
        assertEquals(List.of(new NamedMistake("no test ran (the submission could not be read or run; see its report)", List.of())),
                Mistakes.of(report("could not read the submission", test("a", 0, "not run: could not read the submission"))));
    }
}
