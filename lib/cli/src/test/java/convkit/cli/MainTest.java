package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsEveryRegisteredCommand() {
        var cli = Main.commandLine();
        var out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("Usage: convkit"), out.toString());
        for (Class<?> c : Main.COMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(out.toString().contains(name), name + " missing from:\n" + out);
        }
    }

    @Test
    void unknownCommandFailsWithUsage() {
        var cli = Main.commandLine();
        var err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("no-such-command"));
        assertTrue(err.toString().contains("no-such-command"), err.toString());
    }
}
