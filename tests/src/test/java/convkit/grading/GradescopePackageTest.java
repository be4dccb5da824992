package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.assignments.Assignments;
import convkit.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Gradescope round trip: {@code convkit grade package} writes the archive, which is unpacked
 * into a temporary root laid out as Gradescope lays out /autograder (source/, submission/,
 * run_autograder copied to the root), and {@code bash run_autograder} grades the reference
 * solution, the handout and a wrong submission in a fresh JVM whose class path is only the
 * archive's lib/. results.json is checked against Gradescope's documented format
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format) with
 * {@link Report#shapeProblems}.
 */
class GradescopePackageTest {

    /** A typical mistake per assignment (as in WrongSubmissionsTest) and the feedback that names it. */
    private static Path wrong(int n) {
        return n == 1
                ? Fixtures.mutant(1, "gs-flipped", "reversed[k] = w[w.length - 1 - k]", "reversed[k] = w[k]",
                        "r[u][v] = w[kh - 1 - u][kw - 1 - v]", "r[u][v] = w[u][v]")
                : Fixtures.mutant(2, "gs-padding-once", "int numerator = inputSize - kernelSize + 2 * padding;",
                        "int numerator = inputSize - kernelSize + padding;");
    }

    private static String wrongFeedback(int n) {
        return n == 1 ? "true convolution (卷积) reverses the kernel first" : "what P (not 2P) gives";
    }

    @ParameterizedTest(name = "assignment {0}: the archive grades reference, handout and a wrong submission")
    @ValueSource(ints = {1, 2})
    void archiveRoundTrip(int n) throws Exception {
        Path dir = Files.createTempDirectory("convkit-gradescope-" + n + "-");
        Path zip = dir.resolve("autograder.zip");
        assertEquals(0, Main.commandLine().execute("grade", "package", "--assignment", Integer.toString(n), "--out", zip.toString()));
        assertArchiveLayout(zip, n);
        assertNoSolutions(zip);

        JsonObject ref = runAutograder(n, zip, Fixtures.solution(n), dir.resolve("reference"));
        double max = 0;
        for (var t : ref.getAsJsonArray("tests")) max += t.getAsJsonObject().get("max_score").getAsDouble();
        assertEquals(20, max, 1e-9, "assignments 1 and 2 are worth 20 points");
        assertEquals(max, ref.get("score").getAsDouble(), 1e-9, ref.toString());
        for (var t : ref.getAsJsonArray("tests")) assertEquals("passed", t.getAsJsonObject().get("status").getAsString(), t.toString());

        JsonObject skeleton = runAutograder(n, zip, Fixtures.handout(n), dir.resolve("handout"));
        assertEquals(0, skeleton.get("score").getAsDouble(), 1e-9, "the untouched handout scores the skeleton's 0");
        assertTrue(skeleton.toString().contains("not implemented yet"), skeleton.toString());

        JsonObject bad = runAutograder(n, zip, wrong(n), dir.resolve("wrong"));
        double s = bad.get("score").getAsDouble();
        assertTrue(s > 0 && s < max, "a wrong submission earns partial credit, got " + s);
        assertTrue(bad.toString().contains(wrongFeedback(n)), "the feedback names the mistake: " + bad);
        deleteTree(dir);   // only when everything passed: a failure leaves the folder to look at
    }

    /** setup.sh installs a JDK 17, run_autograder is executable, lib/ holds the jars, nothing else is there. */
    private static void assertArchiveLayout(Path zip, int n) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            String setup = Files.readString(fs.getPath("/setup.sh"));
            assertTrue(setup.contains("apt-get install") && setup.contains("openjdk-17-jdk-headless"), setup);
            String run = Files.readString(fs.getPath("/run_autograder"));
            assertTrue(run.startsWith("#!/usr/bin/env bash") && run.contains("AUTOGRADER_ROOT:-/autograder")
                    && run.contains("convkit.grading.deploy.Autograder " + n + " "), run);
            for (String script : List.of("/setup.sh", "/run_autograder")) {
                assertTrue(Files.getPosixFilePermissions(fs.getPath(script)).contains(PosixFilePermission.OWNER_EXECUTE), script + " is executable");
            }
            List<String> top = new ArrayList<>();
            try (Stream<Path> s = Files.list(fs.getPath("/"))) {
                s.forEach(p -> top.add(p.getFileName().toString().replace("/", "")));
            }
            assertEquals(Set.of("setup.sh", "run_autograder", "lib"), new HashSet<>(top));
            List<String> jars;
            try (Stream<Path> s = Files.list(fs.getPath("/lib"))) {
                jars = s.map(p -> p.getFileName().toString()).toList();
            }
            assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("convkit-grading")) && jars.stream().anyMatch(j -> j.startsWith("convkit-core")), jars.toString());
            assertFalse(jars.stream().anyMatch(j -> j.startsWith("convkit-cli") || j.startsWith("picocli") || j.startsWith("tablesaw")),
                    "the CLI and its libraries are not needed to grade: " + jars);
        }
    }

    /**
     * No solution reaches the archive: no entry (in the zip or any jar in it) is a file of
     * tests/assignments/solutions, by name or by content, and no class of a student package
     * (assignment1.Convolutions, ...) is there, compiled or not.
     */
    private static void assertNoSolutions(Path zip) throws IOException {
        Set<String> solutionNames = new HashSet<>();
        List<byte[]> solutionBytes = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.repo().resolve("tests/assignments/solutions"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                solutionNames.add(f.getFileName().toString());
                solutionBytes.add(Files.readAllBytes(f));
            }
        }
        assertTrue(solutionBytes.size() >= 8, "found the solutions to compare with: " + solutionNames);
        List<String> studentPackages = Assignments.all().stream().map(a -> a.packageName() + "/").toList();
        List<String> problems = new ArrayList<>();
        int[] seen = {0};
        scan(Files.readAllBytes(zip), "", (name, bytes) -> {
            seen[0]++;
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (solutionNames.contains(base)) problems.add(name + " has the name of a solution file");
            for (String pkg : studentPackages) if (name.contains("!" + pkg) || name.startsWith(pkg)) problems.add(name + " is in a student package");
            for (byte[] sol : solutionBytes) if (Arrays.equals(sol, bytes)) problems.add(name + " is a copy of a solution file");
        });
        assertTrue(seen[0] > 500, "scanned the classes inside the jars too (" + seen[0] + " entries)");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    private interface EntryVisitor {
        void visit(String name, byte[] bytes);
    }

    /** Every entry of a zip, and of every jar inside it, as "outer.jar!inner/Entry.class". */
    private static void scan(byte[] zip, String prefix, EntryVisitor v) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isDirectory()) continue;
                byte[] b = in.readAllBytes();
                v.visit(prefix + e.getName(), b);
                if (e.getName().endsWith(".jar")) scan(b, prefix + e.getName() + "!", v);
            }
        }
    }

    /**
     * Lays out ROOT as Gradescope does (source/ = the unpacked archive, submission/ = the student's
     * files, run_autograder copied to the root), runs it with AUTOGRADER_ROOT=ROOT and returns
     * ROOT/results/results.json after checking its shape.
     */
    private static JsonObject runAutograder(int n, Path zip, Path submission, Path root) throws Exception {
        Path source = root.resolve("source");
        unzip(zip, source);
        Path sub = Files.createDirectories(root.resolve("submission"));
        try (Stream<Path> s = Files.list(submission)) {
            for (Path f : s.toList()) Files.copy(f, sub.resolve(f.getFileName()));
        }
        Files.copy(source.resolve("run_autograder"), root.resolve("run_autograder"));
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("run_autograder").toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve("stdout").toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        long bound = Assignments.get(n).limits().bound(1).toSeconds() + 60;
        if (!p.waitFor(bound, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("run_autograder did not finish in " + bound + " s:\n" + Files.readString(root.resolve("stdout")));
        }
        String stdout = Files.readString(root.resolve("stdout"));
        assertEquals(0, p.exitValue(), stdout);
        Path results = root.resolve("results/results.json");
        assertTrue(Files.isRegularFile(results), "run_autograder wrote results/results.json:\n" + stdout);
        String json = Files.readString(results, StandardCharsets.UTF_8);
        List<String> problems = Report.shapeProblems(json);
        assertTrue(problems.isEmpty(), problems + "\n" + json);
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        // The keys Gradescope documents and ConvKit sets, with the values it allows.
        assertTrue(Set.of("text", "html", "simple_format", "md", "ansi").contains(o.get("output_format").getAsString()), json);
        assertTrue(Set.of("hidden", "after_due_date", "after_published", "visible").contains(o.get("stdout_visibility").getAsString()), json);
        assertTrue(Set.of("hidden", "after_due_date", "after_published", "visible").contains(o.get("visibility").getAsString()), json);
        assertTrue(o.get("execution_time").getAsJsonPrimitive().isNumber(), json);
        JsonArray tests = o.getAsJsonArray("tests");
        assertTrue(tests.size() >= 5, json);
        for (var t : tests) {
            JsonObject x = t.getAsJsonObject();
            for (String k : List.of("name", "score", "max_score", "output", "visibility")) assertTrue(x.has(k), k + " in " + x);
        }
        try (Stream<Path> s = Files.list(root.resolve("results"))) {
            assertEquals(List.of(results), s.toList(), "only results.json, no temporary file, in results/");
        }
        return o;
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path to = dir.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(dir), "an entry outside the archive's folder: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        }
    }

    @Test
    void theValidatorKnowsGradescopesOptionalKeys() {
        String ok = "{\"score\": 1, \"output\": \"\", \"output_format\": \"md\", \"test_output_format\": \"ansi\", \"execution_time\": 3,"
                + " \"stdout_visibility\": \"after_due_date\", \"tests\": [{\"name\": \"a\", \"score\": 1, \"max_score\": 2,"
                + " \"visibility\": \"visible\", \"output\": \"\", \"output_format\": \"html\"}]}";
        assertTrue(Report.shapeProblems(ok).isEmpty(), Report.shapeProblems(ok).toString());
        List<String> p = Report.shapeProblems("{\"score\": 1, \"output\": \"\", \"output_format\": \"rtf\", \"execution_time\": \"long\","
                + " \"stdout_visibility\": \"sometimes\", \"tests\": [{\"name\": \"a\", \"score\": 1, \"max_score\": 2,"
                + " \"visibility\": \"visible\", \"output\": \"\", \"output_format\": \"pdf\"}]}");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("top level: \"output_format\"")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("top level: \"execution_time\"")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("top level: \"stdout_visibility\"")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("tests[0]: \"output_format\"")), p.toString());
    }

    @Test
    void anUnknownAssignmentOrANonZipNameIsAUsageError() throws IOException {
        Path dir = Files.createTempDirectory("convkit-gradescope-bad-");
        assertEquals(1, Main.commandLine().execute("grade", "package", "--assignment", "9", "--out", dir.resolve("a.zip").toString()));
        assertEquals(1, Main.commandLine().execute("grade", "package", "--assignment", "1", "--out", dir.resolve("a.tar").toString()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written, not even a temporary file");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
