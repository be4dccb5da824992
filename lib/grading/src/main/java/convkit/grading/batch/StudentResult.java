package convkit.grading.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of a batch: how one student's submission was graded.
 *
 * @param student    the submission's name in the folder (folder name, or file name without .java/.ipynb)
 * @param submission the folder or file that was graded
 * @param score      points earned (0 for an error)
 * @param maxScore   points possible (NaN when not even the report's tests are known)
 * @param status     {@link #GRADED}, {@link #NOT_COMPILED}, {@link #NOT_RUN} or {@link #ERROR}
 * @param mistakes   the named mistakes and failure kinds found in the feedback, most telling first
 * @param error      for {@link #ERROR}: what went wrong; empty otherwise
 * @param seconds    wall-clock time of this submission
 */
public record StudentResult(String student, Path submission, double score, double maxScore, String status,
                            List<NamedMistake> mistakes, String error, double seconds) {

    /** The submission was compiled and its tests ran (whatever they scored). */
    public static final String GRADED = "graded";
    /** The submission did not compile: no test ran. */
    public static final String NOT_COMPILED = "not compiled";
    /** No test ran for another reason (an unreadable notebook, a JVM that ended before the first test): see the report. */
    public static final String NOT_RUN = "not run";
    /** The grading itself failed or overran its bound; the row scores 0 and says why. */
    public static final String ERROR = "error";

    public StudentResult {
        mistakes = List.copyOf(mistakes);
    }

    /**
     * A cause of lost points as the feedback names it, and the tests it showed in.
     *
     * @param cause e.g. "you computed cross-correlation: true convolution (卷积) reverses the kernel first"
     * @param tests names of the tests whose feedback gave it
     */
    public record NamedMistake(String cause, List<String> tests) {
        public NamedMistake {
            tests = List.copyOf(tests);
        }
    }
}
