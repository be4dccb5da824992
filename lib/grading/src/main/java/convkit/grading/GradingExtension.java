package convkit.grading;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit 5 extension of every grader class: gives tests a {@link SubCases} for partial
 * credit, publishes the earned share when a test ends, and turns raw exceptions from student
 * code into teaching messages ({@link Feedback#explain}).
 *
 * <p>Points come from {@link Points}; the runner ({@link GradeRun}) reads them and runs the
 * tests in the grading JVM, where student code is never loaded: calls to it go through
 * {@link StudentCode} to a separate, contained JVM, each with its own time limit.
 */
public final class GradingExtension implements ParameterResolver, AfterEachCallback, TestExecutionExceptionHandler {
    /** Report-entry key of the share of credit a finished test earned, "0.75". */
    static final String FRACTION_KEY = "convkit.fraction";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GradingExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == SubCases.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        SubCases cases = new SubCases(c::publishReportEntry);
        c.getStore(NS).put(SubCases.class, cases);
        return cases;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext c, Throwable t) throws Throwable {
        if (t instanceof OutOfMemoryError) throw t;
        c.getStore(NS).put("threw", Boolean.TRUE);
        if (t instanceof AssertionError) throw t;
        AssertionError e = new AssertionError(Feedback.explain(t), t);
        throw e;
    }

    @Override
    public void afterEach(ExtensionContext c) {
        SubCases cases = c.getStore(NS).get(SubCases.class, SubCases.class);
        if (cases == null) return;
        boolean threw = Boolean.TRUE.equals(c.getStore(NS).get("threw", Boolean.class));
        // A test that stopped outside a sub-case may have skipped some: count the stop as one failed case.
        double fraction = threw ? cases.fraction() * cases.run() / (cases.run() + 1.0) : cases.fraction();
        c.publishReportEntry(FRACTION_KEY, Double.toString(fraction));
        if (!threw) cases.finish();
    }
}
