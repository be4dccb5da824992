package convkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.lecture.Example;
import convkit.lecture.Lecture;
import convkit.lecture.Tour;
import convkit.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tour is README's main job: it must cover L01-L31, explain, and exit 0 only when everything agrees. */
class TourTest {

    @Test
    void catalogueHoldsL01ToL31InOrder() {
        var all = Lecture.examples();
        assertEquals(31, all.size());
        for (int i = 0; i < all.size(); i++) assertEquals(String.format("L%02d", i + 1), all.get(i).id());
        assertEquals("L09", Lecture.example("l9").id());
    }

    @Test
    void tourPrintsEveryExampleAndExitsZero() {
        var buffer = new ByteArrayOutputStream();
        int status = Tour.run(Lecture.examples(), false, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        for (Example e : Lecture.examples()) assertTrue(text.contains(e.id() + "  " + e.title()), e.id());
        assertTrue(text.contains("y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429"));
        assertTrue(text.contains("y[0][0] = 2*1 + 10*8 + 5*(-5) + 15*6 = 147"));
        assertTrue(text.contains("0 differ."));
    }

    @Test
    void unknownIdIsAnErrorOnStandardErrorWithTheKnownRange() {
        var cli = Main.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("tour", "L99"));
        assertTrue(err.toString().contains("L01 to L31"), err.toString());
        assertEquals("", out.toString());
    }
}
