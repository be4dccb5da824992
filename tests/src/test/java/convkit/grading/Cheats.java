package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Submissions that try to cheat: assignment 1's handout (no algorithm written) whose four methods
 * first call {@code Hostile.run(name, args)}, an attack, and return what it returns when it is
 * not null (otherwise they throw the skeleton's TODO). Each attack carries a unique token, so the
 * test can look for processes and files it left behind.
 */
final class Cheats {
    private Cheats() {}

    /** A generated submission and its token. */
    record Cheat(Path dir, String token) {}

    static String token(String name) {
        return "convkit-hostile-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Cheat make(String name, String body) {
        return make(name, token(name), body);
    }

    static Cheat make(String name, String token, String body) {
        try {
            Path dir = Files.createTempDirectory("convkit-cheat-" + name + "-");
            String handout = Files.readString(Fixtures.handout(1).resolve("Convolutions.java"), StandardCharsets.UTF_8);
            String args = "x, w, stride, padding";
            for (String m : List.of("correlate1d", "convolve1d", "correlate2d", "convolve2d")) {
                String todo = "throw new UnsupportedOperationException(\"TODO: " + m + "\");";
                assertTrue(handout.contains(todo), "the handout changed: " + todo);
                String type = m.endsWith("1d") ? "double[]" : "double[][]";
                handout = handout.replace(todo, "Object stolen = Hostile.run(\"" + m + "\", new Object[] {" + args + "});\n"
                        + "        if (stolen != null) return (" + type + ") stolen;\n        " + todo);
            }
            Files.writeString(dir.resolve("Convolutions.java"), handout, StandardCharsets.UTF_8);
            String hostile = "package assignment1;\n\nimport java.io.*;\nimport java.nio.file.*;\nimport java.util.*;\n\n"
                    + "class Hostile {\n    static final String TOKEN = \"" + token + "\";\n    static Object state;\n"
                    + "    static Object run(String method, Object[] args) {\n        try {\n" + body.replace("\n", "\n    ")
                    + "\n        } catch (Exception e) {\n            System.out.println(\"attack failed: \" + e);\n            return null;\n        }\n    }\n}\n";
            Files.writeString(dir.resolve("Hostile.java"), hostile, StandardCharsets.UTF_8);
            return new Cheat(dir, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java source of a string literal. */
    static String lit(Object s) {
        return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Processes still alive below this JVM, and anywhere whose command line has the token. */
    static List<String> leftovers(String token) {
        long end = System.currentTimeMillis() + 3000;
        List<String> left;
        do {
            left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(token)).orElse(false)
                            || ProcessHandle.current().descendants().anyMatch(d -> d.pid() == h.pid()))
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).collect(Collectors.toList());
            if (left.isEmpty()) return left;
            sleep(100);
        } while (System.currentTimeMillis() < end);
        return left;
    }

    static void assertNoProcessLeft(String token) {
        List<String> left = leftovers(token);
        assertEquals(List.of(), left, "processes left behind by the submission");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the report says the named protection was off. */
    static boolean off(Report r, String protection) {
        Object off = r.extraData().get("protections_off");
        return off instanceof List && ((List<?>) off).contains(protection);
    }
}
