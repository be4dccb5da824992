package convkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code jshell} with kernel-config/convkit.jsh as start-up script, the way
 * {@code ./convkit jshell} does, and checks what the lecture's call prints. jshell exits 0 even
 * after a compile error, so the script ends with an explicit {@code /exit} that carries the verdict,
 * and the printed text is checked as well.
 */
class JShellTest {

    @Test
    void lectureCallWorksAtTheJShellPrompt(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent(); // surefire runs in tests/
        Path startup = root.resolve("kernel-config/convkit.jsh");
        assertTrue(Files.isRegularFile(startup), "start-up script missing: " + startup);
        Path script = Files.writeString(dir.resolve("check.jsh"), String.join("\n",
                "var X = Tensor.parse(\"2 10 8\\n5 15 20\\n6 11 9\");",
                "var Y = Kernel2d.parse(\"1 8\\n-5 6\").correlate(X);",
                "System.out.println(Y);",
                "System.out.println(Lecture.example(\"L09\").explanation().get());",
                "/exit Y.equals(Tensor.parse(\"147 119\\n161 174\")) ? 0 : 3",
                ""));
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        List<String> cmd = List.of(Files.isExecutable(jshell) ? jshell.toString() : "jshell",
                "--class-path", existingClassPath(),
                "-R-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", // as ./convkit jshell does
                "--startup", "DEFAULT", "--startup", startup.toString(),
                script.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "jshell did not finish in 90 s:\n" + out);
        assertEquals(0, p.exitValue(), "jshell reported a failure:\n" + out);
        assertTrue(out.contains("Tensor (2, 2)\n 147 119\n 161 174"), "printed:\n" + out);
        assertTrue(out.contains("y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429"), "printed:\n" + out);
    }

    /** The test's own class path (the library and its dependencies), minus entries that do not exist: jshell rejects those. */
    private static String existingClassPath() {
        StringBuilder sb = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty() && new File(e).exists()) sb.append(sb.length() == 0 ? "" : File.pathSeparator).append(e);
        }
        return sb.toString();
    }
}
