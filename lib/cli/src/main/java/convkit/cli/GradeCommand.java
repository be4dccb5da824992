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
                "Student code runs in a separate JVM with time and memory limits."},
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

    @Option(names = "--per-test-seconds", paramLabel = "S", description = "override the time limit of one test")
    Double perTestSeconds;

    @Option(names = {"-q", "--quiet"}, description = "print only the score line")
    boolean quiet;

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
            System.err.println("convkit grade: " + e.getMessage());
            return 2;
        }
        Limits limits = spec.limits();
        if (perTestSeconds != null) limits = limits.withPerTest(Duration.ofMillis((long) (perTestSeconds * 1000)));
        System.err.println("grading " + submission + " as assignment " + assignment + " (at most "
                + limits.bound(spec.graders().size()).toSeconds() + " s)...");
        Report report;
        try {
            report = GradeRun.grade(spec, submission, limits);
        } catch (Exception | Error e) {
            // A fault of the grader, not of the student: still leave a valid report behind.
            report = new Report(0, 0, "the grader failed and could not grade this submission: " + e, "visible", "hidden",
                    java.util.List.of(), java.util.Map.of("assignment", assignment));
            report.write(out);
            System.err.println("convkit grade: the grader failed: " + e + "; wrote an empty report to " + out);
            return 2;
        }
        report.write(out);
        String summary = report.summary();
        if (quiet) summary = summary.substring(summary.stripTrailing().lastIndexOf('\n') + 1);
        System.out.print(summary);
        System.out.println("report written to " + out);
        return report.score() >= report.maxScore() - 1e-9 ? 0 : 1;
    }
}
