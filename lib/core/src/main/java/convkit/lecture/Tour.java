package convkit.lecture;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./convkit tour}: prints every worked example of the lecture, computed and explained, then a
 * summary. Exits with status 1 if any computed result disagrees with what the lecture states (or
 * with a value derived from its definitions), so the tour doubles as a smoke test.
 *
 * <p>Arguments: none for the whole tour, or example ids ({@code ./convkit tour L09 L15}) for a
 * few; {@code --summary} prints only the one-line summaries.
 */
public final class Tour {
    private Tour() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out));
    }

    /** Runs the tour onto {@code out} and returns the exit status: 0 when everything agrees, 1 otherwise. */
    public static int run(String[] args, PrintStream out) {
        boolean summaryOnly = false;
        List<Example> chosen = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--summary")) summaryOnly = true;
            else if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: convkit tour [--summary] [L01 ... L31]");
                return 0;
            } else {
                try {
                    chosen.add(Lecture.example(a));
                } catch (IllegalArgumentException e) {
                    out.println(e.getMessage());
                    return 2;
                }
            }
        }
        if (chosen.isEmpty()) chosen = Lecture.examples();
        return run(chosen, summaryOnly, out);
    }

    /** Prints the chosen examples (or only their summaries) and returns 0 when all agree, 1 otherwise. */
    static int run(List<Example> chosen, boolean summaryOnly, PrintStream out) {
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
