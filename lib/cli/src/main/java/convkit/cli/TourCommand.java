package convkit.cli;

import convkit.lecture.Example;
import convkit.lecture.Lecture;
import convkit.lecture.Tour;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit tour [--summary] [L01 ... L31]}: the lecture's worked examples, computed, explained and checked. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = {"The lecture's worked examples, computed, explained and checked.",
                "Each result is compared with what the lecture states, or with a value derived from its definitions."},
        footer = {"", "Exit code: 0 when every example agrees, 1 when one differs, 2 for an unknown example id.",
                "", "Examples:", "  ./convkit tour", "  ./convkit tour L09 L15", "  ./convkit tour --summary"})
public final class TourCommand implements Callable<Integer> {

    @Option(names = "--summary", description = "print only the one-line summary of each example")
    boolean summaryOnly;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "example ids such as L09 (default: all, L01 to L31)")
    List<String> ids = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Where the tour is printed; standard output in UTF-8 (the lecture's Chinese terms), replaceable by tests. */
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    @Override
    public Integer call() {
        List<Example> chosen = new ArrayList<>();
        for (String id : ids) {
            try {
                chosen.add(Lecture.example(id));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("tour: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
        }
        return Tour.run(chosen.isEmpty() ? Lecture.examples() : chosen, summaryOnly, out);
    }
}
