package convkit.cli;

import convkit.assignments.Assignments;
import convkit.grading.AssignmentSpec;
import convkit.grading.GradeRun;
import convkit.grading.Limits;
import convkit.grading.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code convkit grade --assignment N --submission PATH [--out results.json]}: grades a
 * submission (a folder of Java sources, one .java file or the assignment's notebook), writes a
 * Gradescope results.json and prints a summary. Exit code 0 when every point was earned, 1 when
 * some were lost, 2 when the grading itself could not be done.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, subcommands = {GradePackageCommand.class, GradeBatchCommand.class},
        customSynopsis = {"convkit grade -a=N -s=PATH [-o=FILE] [--per-test-seconds=S] [-qhV]",
                "       convkit grade package|batch [OPTIONS]"},
        description = {"Grade a submission of an assignment and write a Gradescope results.json.",
                "Student code runs in a separate, contained JVM with time and memory limits; scoring stays in the grader."},
        footer = {"", "Exit code: 0 full marks, 1 points lost, 2 grading could not run.",
                "", "Example:", "  ./convkit grade --assignment 1 --out results.json \\",
                "      --submission tests/assignments/solutions/assignment1"})
public final class GradeCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    // Required, but checked in call(): picocli would demand a parent's required options before `grade package` too.
    @Option(names = {"-a", "--assignment"}, paramLabel = "N", description = "the assignment number (1-4)")
    Integer assignment;

    @Option(names = {"-s", "--submission"}, paramLabel = "PATH",
            description = "a folder of .java files, one .java file, or an .ipynb notebook")
    Path submission;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "results.json",
            description = "where to write the report (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--per-test-seconds", paramLabel = "S", description = "override the time limit of one call to student code, 0.1 to 3600 seconds")
    Double perTestSeconds;

    @Option(names = {"-q", "--quiet"}, description = "print only the score line")
    boolean quiet;

    /** The longest per-test limit accepted, in seconds. */
    static final double MAX_PER_TEST_SECONDS = 3600;

    @Override
    public Integer call() throws Exception {
        if (assignment == null || submission == null) {
            throw new ParameterException(commandSpec.commandLine(), "Missing required option" + (assignment == null && submission == null
                    ? "s: '--assignment=N', '--submission=PATH'" : assignment == null ? ": '--assignment=N'" : ": '--submission=PATH'"));
        }
        AssignmentSpec spec;
        try {
            spec = Assignments.get(assignment);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        Limits limits = spec.limits();
        if (perTestSeconds != null) {
            double s = perTestSeconds;
            if (!(s >= 0.1 && s <= MAX_PER_TEST_SECONDS)) { // also false for NaN
                return usageError("--per-test-seconds must be a number of seconds from 0.1 to " + (int) MAX_PER_TEST_SECONDS + ", got " + perTestSeconds);
            }
            limits = limits.withPerTest(Duration.ofMillis(Math.round(s * 1000)));
        }
        System.err.println("grading " + submission + " as assignment " + assignment + " (at most "
                + limits.bound(spec.graders().size()).toSeconds() + " s)...");
        Report report;
        try {
            report = GradeRun.grade(spec, submission, limits);
        } catch (Exception | Error e) {
            // A fault of the grader, not of the student: still leave a valid report behind.
            emptyReport("the grader failed and could not grade this submission: " + e).write(out);
            System.err.println("convkit grade: the grader failed: " + e + "; wrote an empty report to " + out);
            return 2;
        }
        report.write(out);
        String summary = report.summary();
        if (quiet) {
            // the score line only, but a compile error is always shown: the student cannot act without it
            if (report.tests().stream().anyMatch(t -> t.output().startsWith("not run: your code does not compile"))) System.err.println(report.output());
            summary = summary.substring(summary.stripTrailing().lastIndexOf('\n') + 1);
        }
        System.out.print(summary);
        System.out.println("report written to " + out);
        return report.score() >= report.maxScore() - 1e-9 ? 0 : 1;
    }

    /** A usage error: says what was wrong, leaves a valid empty report (a platform always finds one) and returns 2. */
    private Integer usageError(String message) throws java.io.IOException {
        System.err.println("convkit grade: " + message);
        emptyReport("could not grade: " + message).write(out);
        System.err.println("convkit grade: wrote an empty report to " + out);
        return 2;
    }

    private Report emptyReport(String why) {
        return new Report(0, 0, why, "visible", "hidden", java.util.List.of(), java.util.Map.of("assignment", assignment));
    }
}
