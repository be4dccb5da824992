package convkit.grading.deploy;

import convkit.assignments.Assignments;
import convkit.grading.AssignmentSpec;
import convkit.grading.GradeRun;
import convkit.grading.Report;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What an autograder archive runs for one submission (its {@code run_autograder} calls this):
 * {@code java convkit.grading.deploy.Autograder N SUBMISSION RESULTS_JSON}. Grades SUBMISSION
 * (Gradescope's {@code /autograder/submission} folder) as assignment N, writes RESULTS_JSON in
 * Gradescope's format and prints the summary (Gradescope shows standard output to instructors
 * only). A results file is written in every case, also when the grader itself fails, because
 * Gradescope marks a run without one as broken and shows the student nothing.
 */
public final class Autograder {
    private Autograder() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** 0 when a report was written (whatever the score), 2 when the grading could not run. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: Autograder ASSIGNMENT SUBMISSION RESULTS_JSON (got " + args.length + " arguments)");
            return 2;
        }
        Path submission = Path.of(args[1]);
        Path results = Path.of(args[2]);
        int number;
        AssignmentSpec spec;
        try {
            number = Integer.parseInt(args[0].strip());
            spec = Assignments.get(number);
        } catch (IllegalArgumentException e) {
            return failed(-1, "this autograder is misconfigured: " + e.getMessage(), results, err);
        }
        try {
            err.println("grading " + submission + " as assignment " + number + " (at most "
                    + spec.limits().bound(spec.graders().size()).toSeconds() + " s)...");
            Report report = GradeRun.grade(spec, submission, spec.limits());
            GradescopeResults.write(report, results);
            out.print(report.summary());
            out.println("results written to " + results);
            return 0;
        } catch (Exception | Error e) {
            // A fault of the grader, not of the student: still leave a valid report behind.
            return failed(number, "the grader failed and could not grade this submission: " + e
                    + ". Please tell the course staff; your submission was not graded.", results, err);
        }
    }

    private static int failed(int number, String why, Path results, PrintStream err) {
        err.println("autograder: " + why);
        try {
            GradescopeResults.write(GradescopeResults.failed(number, why), results);
        } catch (Exception | Error e) {
            err.println("autograder: could not write " + results + " either: " + e);
        }
        return 2;
    }
}
