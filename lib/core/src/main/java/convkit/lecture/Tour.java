package convkit.lecture;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The lecture tour: every worked example of the lecture, computed and explained, then a summary;
 * status 1 if any computed result disagrees with what the lecture states (or with a value derived
 * from its definitions), so the tour doubles as a smoke test. {@code ./convkit tour} (the command
 * line's {@code TourCommand}) calls it.
 */
public final class Tour {
    private Tour() {}

    /** Prints the chosen examples (or only their summaries) and returns 0 when all agree, 1 otherwise. */
    public static int run(List<Example> chosen, boolean summaryOnly, PrintStream out) {
        if (!summaryOnly) {
            out.println("ConvKit lecture tour: the worked examples of \"Convolutional Neural Networks I\" (卷积神经网络 I),");
            out.println("computed with ConvKit and compared with what the lecture states. 'derived' checks test values that");
            out.println("follow from the lecture's definitions where the slide prints none.");
            for (Example e : chosen) {
                out.println();
                out.println("=".repeat(100));
                out.println(e);
            }
            out.println();
            out.println("=".repeat(100));
        }
        int stated = 0, derivedOnly = 0, checks = 0;
        List<String> differing = new ArrayList<>();
        for (Example e : chosen) {
            out.println(e.summary());
            checks += e.checks().size();
            if (!e.agrees()) differing.add(e.id());
            else if (e.hasStatedNumbers()) stated++;
            else derivedOnly++;
        }
        out.println();
        out.println(chosen.size() + " examples, " + checks + " checks: " + stated + " agree with numbers the lecture states, "
                + derivedOnly + " have derived checks only (the lecture states no number), " + differing.size() + " differ"
                + (differing.isEmpty() ? "." : ": " + differing));
        return differing.isEmpty() ? 0 : 1;
    }
}
