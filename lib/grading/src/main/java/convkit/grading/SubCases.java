package convkit.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Partial credit inside one test: each {@link #check} is a sub-case, and the test earns the
 * weighted share of sub-cases that pass. A failing sub-case does not stop the ones after it.
 * Declare it as a parameter of a test in a class extended with {@link GradingExtension}:
 *
 * <pre>{@code
 * @Test @Points(4)
 * void strides(SubCases cases) {
 *     cases.check("stride 2 on a length-7 signal", () -> assertVector(...));
 *     cases.check("stride 3 with padding 1", () -> assertVector(...));
 * }
 * }</pre>
 */
public final class SubCases {
    /** Report-entry key of one finished sub-case (for listeners that want to follow sub-cases). */
    static final String CASE_KEY = "convkit.case";

    private final BiConsumer<String, String> publisher;
    private final List<String> failures = new ArrayList<>();
    private double weightRun;
    private double weightPassed;
    private int run;

    SubCases(BiConsumer<String, String> publisher) {
        this.publisher = publisher;
    }

    /** One sub-case of weight 1. */
    public void check(String name, Executable body) {
        check(1, name, body);
    }

    /** One sub-case: passes when {@code body} returns normally. */
    public void check(double weight, String name, Executable body) {
        if (weight <= 0) throw new IllegalArgumentException("sub-case weight must be positive, got " + weight);
        run++;
        weightRun += weight;
        try {
            body.execute();
            weightPassed += weight;
            publisher.accept(CASE_KEY, "pass\t" + weight + "\t" + name);
        } catch (OutOfMemoryError e) {
            throw e; // this JVM is out of memory; nothing sensible can run after it
        } catch (Throwable t) {
            String why = Feedback.explain(t);
            failures.add("- " + name + ": " + why.replace("\n", "\n    "));
            publisher.accept(CASE_KEY, "fail\t" + weight + "\t" + name);
        }
    }

    public int run() {
        return run;
    }

    /** Share of the weight that passed, 0..1 (1 when no sub-case ran). */
    public double fraction() {
        return weightRun == 0 ? 1 : weightPassed / weightRun;
    }

    public boolean allPassed() {
        return failures.isEmpty();
    }

    /** Fails the test, listing every failed sub-case, when any failed. */
    void finish() {
        if (failures.isEmpty()) return;
        int failed = failures.size();
        throw new AssertionFailedError(failed + " of " + run + " sub-cases failed (" + percent(fraction())
                + " of the credit earned):\n" + String.join("\n", failures));
    }

    private static String percent(double f) {
        return Math.round(f * 100) + "%";
    }
}
