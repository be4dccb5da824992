package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TourCommandTest {

    @Test
    void chosenIdsCaseInsensitiveAndSummaryOnly() {
        var buffer = new ByteArrayOutputStream();
        var cli = Main.commandLine();
        ((TourCommand) cli.getSubcommands().get("tour").getCommand()).out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertEquals(0, cli.execute("tour", "--summary", "L09", "l15"));
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("L09"), text);
        assertTrue(text.contains("\nL15"), text);
        assertTrue(text.contains("2 examples"), text);
        assertFalse(text.contains("=".repeat(100)), "--summary prints no explanations:\n" + text);
    }

    @Test
    void helpOfTheTourIsItsOwn() {
        var cli = Main.commandLine();
        var out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("help", "tour"));
        assertTrue(out.toString().contains("Usage: convkit tour"), out.toString());
        assertTrue(out.toString().contains("--summary"), out.toString());
    }
}
