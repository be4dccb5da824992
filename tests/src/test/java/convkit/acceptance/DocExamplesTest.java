package convkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Docs that run: every {@code jshell>} transcript in the javadoc of the core packages is replayed in
 * a JShell with the start-up script's imports, and each printed {@code name ==> value} must match
 * what JShell prints now. A value that ends in "..." is compared up to the dots. Code in javadoc
 * without a {@code jshell>} prompt is illustration only and is not run.
 */
class DocExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent(); // surefire runs in tests/
    static final List<String> PACKAGES = List.of("tensor", "conv", "pool", "filters", "lecture");

    /** One transcript: the prompts and the values printed after them, from one javadoc block. */
    record Transcript(String where, List<String> inputs, List<String> expected) {}

    @TestFactory
    Stream<DynamicTest> javadocTranscriptsPrintWhatTheySay() throws IOException {
        List<Transcript> all = new ArrayList<>();
        for (String pkg : PACKAGES) {
            Path dir = ROOT.resolve("lib/core/src/main/java/convkit").resolve(pkg);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) all.addAll(transcripts(f));
            }
        }
        assertTrue(all.size() >= 10, "expected transcripts in the core javadoc, found " + all.size());
        return all.stream().map(t -> DynamicTest.dynamicTest(t.where(), () -> replay(t)));
    }

    /** Reads the {@code jshell>} lines of each javadoc block of a file, with the output lines that follow each. */
    static List<Transcript> transcripts(Path file) throws IOException {
        List<Transcript> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        List<String> inputs = null, expected = null;
        StringBuilder value = null;
        int start = 0;
        for (int n = 0; n < lines.size(); n++) {
            String raw = lines.get(n).strip();
            boolean inDoc = raw.startsWith("*") && !raw.startsWith("*/");
            String line = inDoc ? stripStar(lines.get(n)) : null;
            boolean endOfBlock = !inDoc || line.startsWith("}</pre>");
            if (inputs != null && (endOfBlock || line.startsWith("jshell> "))) {
                expected.add(value == null ? null : value.toString());
                value = null;
                if (endOfBlock) {
                    out.add(new Transcript(file.getFileName() + ":" + (start + 1), inputs, expected));
                    inputs = null;
                    continue;
                }
            }
            if (!inDoc) continue;
            if (line.startsWith("jshell> ")) {
                if (inputs == null) {
                    inputs = new ArrayList<>();
                    expected = new ArrayList<>();
                    start = n;
                }
                inputs.add(line.substring("jshell> ".length()));
            } else if (inputs != null && value == null && line.matches("^\\$?\\w+ ==> .*")) {
                value = new StringBuilder(line.substring(line.indexOf(" ==> ") + 5));
            } else if (inputs != null && value != null) {
                value.append('\n').append(line);
            }
        }
        return out;
    }

    /** The text after the javadoc star and one space, keeping any further indentation (matrices are aligned with it). */
    static String stripStar(String line) {
        String s = line.stripLeading().substring(1);
        return s.startsWith(" ") ? s.substring(1) : s;
    }

    /** One JShell for all transcripts (starting one takes about a second); redeclaring a variable is allowed. */
    private static JShell shell;

    static synchronized JShell shell() throws IOException {
        if (shell == null) {
            // -proc:none: javac would otherwise search the whole test class path for annotation processors on every snippet
            shell = JShell.builder().executionEngine("local").compilerOptions("-proc:none").build();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isEmpty() && new File(e).exists()) shell.addToClasspath(e);
            }
            List<String> imports = new ArrayList<>(List.of("import java.util.*;", "import java.nio.file.*;"));
            imports.addAll(Files.readAllLines(ROOT.resolve("kernel-config/convkit.jsh")).stream()
                    .filter(l -> l.startsWith("import ")).collect(Collectors.toList()));
            for (String i : imports) run(shell, i, "convkit.jsh");
        }
        return shell;
    }

    @AfterAll
    static synchronized void closeShell() {
        if (shell != null) shell.close();
        shell = null;
    }

    static void replay(Transcript t) throws IOException {
        JShell shell = shell();
        {
            for (int k = 0; k < t.inputs().size(); k++) {
                String printed = run(shell, t.inputs().get(k), t.where());
                String want = t.expected().get(k);
                if (want == null) continue;
                if (want.endsWith("...")) {
                    String prefix = want.substring(0, want.length() - 3).stripTrailing();
                    assertTrue(printed.startsWith(prefix), t.where() + ": `" + t.inputs().get(k) + "` printed\n" + printed
                            + "\nbut the javadoc says it starts with\n" + prefix);
                } else {
                    assertEquals(want, printed, t.where() + ": `" + t.inputs().get(k) + "`");
                }
            }
        }
    }

    /** Evaluates one snippet; fails on a compile error or exception; returns the value JShell would print. */
    static String run(JShell shell, String code, String where) {
        // As the jshell tool does, complete a declaration that lacks its semicolon.
        SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
        String source = info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI ? info.source() : code;
        List<SnippetEvent> events = shell.eval(source);
        assertFalse(events.isEmpty(), where + ": nothing evaluated for `" + code + "`");
        String value = "";
        for (SnippetEvent e : events) {
            if (e.status() == Snippet.Status.REJECTED) {
                String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                fail(where + ": `" + code + "` does not compile: " + why);
            }
            if (e.exception() != null) fail(where + ": `" + code + "` threw " + e.exception());
            if (e.value() != null) value = e.value();
        }
        return value;
    }
}
