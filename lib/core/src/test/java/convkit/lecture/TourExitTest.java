package convkit.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tour's exit status is its verdict: a wrong number or a crashing computation must turn it to 1. */
class TourExitTest {

    static Example example(String id, java.util.function.Supplier<Example.Outcome> run) {
        return new Example(id, "test " + id, "section", "1", Map.of("x", 1), "call()", "stated", List.of(), run);
    }

    static String tour(List<Example> examples, int expectedStatus) {
        var buffer = new ByteArrayOutputStream();
        int status = Tour.run(examples, false, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text);
        return text;
    }

    @Test
    void aNumberThatDisagreesFailsTheTour() {
        Example good = example("T01", () -> new Example.Outcome(429, null, List.of(Check.lecture("y", 429L, 429L))));
        Example bad = example("T02", () -> new Example.Outcome(428, null, List.of(Check.lecture("y", 429L, 428L))));
        String text = tour(List.of(good, bad), 1);
        assertTrue(text.contains("DIFF y: lecture 429, ConvKit 428"), text);
        assertTrue(text.contains("1 differ: [T02]"), text);
        assertFalse(bad.agrees());
    }

    @Test
    void aComputationThatThrowsIsReportedNotHidden() {
        Example broken = example("T03", () -> {
            throw new IllegalStateException("boom");
        });
        String text = tour(List.of(broken), 1);
        assertTrue(text.contains("threw java.lang.IllegalStateException: boom"), text);
    }

    @Test
    void toleranceIsAbsoluteForFractionsAndExactForCounts() {
        assertTrue(Check.derived("third", 1 / 3.0, (double) (float) (1 / 3.0)).agrees());
        assertFalse(Check.derived("count", 30000L, 30001L).agrees());
        assertTrue(Check.lectureApprox("2.33", 2.33, 7 / 3.0, 0.005).agrees());
        assertFalse(Check.lectureApprox("2.33", 2.33, 2.5, 0.005).agrees());
    }
}
