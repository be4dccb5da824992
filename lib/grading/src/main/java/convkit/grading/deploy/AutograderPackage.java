package convkit.grading.deploy;

import convkit.assignments.Assignments;
import convkit.grading.AssignmentSpec;
import convkit.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Writes a Gradescope autograder archive for one assignment:
 *
 * <pre>
 * setup.sh          installs openjdk-17-jdk-headless (a JDK: the grader compiles submissions)
 * run_autograder    grades $AUTOGRADER_ROOT/submission into $AUTOGRADER_ROOT/results/results.json
 * lib/*.jar         convkit-grading (graders included), convkit-core and their runtime dependencies
 * </pre>
 *
 * <p><b>Where the jars come from.</b> From the running JVM, that is from the current build: for
 * each artifact the grader needs at run time ({@link #RUNTIME}: convkit-grading and the runtime
 * dependencies of lib/grading/pom.xml, transitive ones included) the jar or class folder one of its
 * classes was loaded from. A jar is copied as it is; a class folder (a {@code mvn test} run puts
 * {@code target/classes} on the class path instead of the jar) is packed into a jar named after
 * its artifact. So {@code ./convkit grade package} packs what {@code ./convkit grade} runs, and
 * nothing has to be installed first. convkit-viz and the CLI are not included: grading does not use
 * them (a notebook cell that draws with convkit.viz does not compile on the platform).
 *
 * <p><b>No solutions.</b> The reference solutions are source files under tests/assignments/solutions,
 * compiled only at grading time, so no build artifact holds them; as a guard, packing fails if any
 * jar holds a class of a student package ({@code assignment1.*}, ...).
 */
public final class AutograderPackage {
    private AutograderPackage() {}

    /**
     * One class of each artifact the grader loads at run time, by artifact. Keep it in step with
     * lib/grading/pom.xml: a missing artifact shows as a NoClassDefFoundError in the archive's
     * round-trip test (GradescopePackageTest), which runs the archive with only its own lib/.
     */
    static final Map<String, String> RUNTIME = runtime();

    private static Map<String, String> runtime() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("convkit-grading", "convkit.grading.GradeRun");
        m.put("convkit-core", "convkit.tensor.Tensor");
        m.put("gson", "com.google.gson.Gson");
        m.put("junit-jupiter-api", "org.junit.jupiter.api.Test");
        m.put("junit-jupiter-engine", "org.junit.jupiter.engine.JupiterTestEngine");
        m.put("junit-platform-launcher", "org.junit.platform.launcher.Launcher");
        m.put("junit-platform-engine", "org.junit.platform.engine.TestEngine");
        m.put("junit-platform-commons", "org.junit.platform.commons.util.ReflectionUtils");
        m.put("opentest4j", "org.opentest4j.AssertionFailedError");
        m.put("apiguardian-api", "org.apiguardian.api.API");
        return m;
    }

    /** What was packed: the archive and the jar names under lib/. */
    public record Packed(Path zip, List<String> jars, long bytes) {}

    /** Writes the autograder of assignment {@code number} to {@code zip}, atomically (a temporary file, then a rename). */
    public static Packed write(int number, Path zip) throws IOException {
        AssignmentSpec spec = Assignments.get(number);
        if (!zip.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new IllegalArgumentException("the autograder archive must be a .zip file (Gradescope takes a zip), got " + zip);
        }
        Map<String, byte[]> jars = jars();
        long[] size = {0};
        Path done = AtomicFiles.writeWith(zip, tmp -> {
            // The zip file system keeps Unix permissions (JDK 14+), so run_autograder stays executable after unzipping.
            try (FileSystem fs = FileSystems.newFileSystem(tmp, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                put(fs, "setup.sh", script("setup.sh", spec), "rwxr-xr-x");
                put(fs, "run_autograder", script("run_autograder", spec), "rwxr-xr-x");
                Files.createDirectories(fs.getPath("/lib"));
                for (Map.Entry<String, byte[]> j : jars.entrySet()) put(fs, "lib/" + j.getKey(), j.getValue(), "rw-r--r--");
            }
            size[0] = Files.size(tmp);
        });
        return new Packed(done, List.copyOf(jars.keySet()), size[0]);
    }

    private static void put(FileSystem fs, String name, byte[] data, String perms) throws IOException {
        Path p = fs.getPath("/" + name);
        Files.write(p, data);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static byte[] script(String name, AssignmentSpec spec) throws IOException {
        try (InputStream in = AutograderPackage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the script template " + name + " is missing from convkit-grading's jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@ASSIGNMENT@", Integer.toString(spec.number()))
                    .replace("@TITLE@", spec.title().replaceAll("[^\\p{Alnum} ,.()%/-]", " "));
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The jars for lib/, by file name, from the running JVM's class path; fails on a class of a student package. */
    static Map<String, byte[]> jars() throws IOException {
        Map<Path, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : RUNTIME.entrySet()) {
            Path where = codeSource(e.getValue(), e.getKey());
            sources.putIfAbsent(where, e.getKey());
        }
        List<String> studentPackages = Assignments.all().stream().map(a -> a.packageName().replace('.', '/') + "/")
                .filter(p -> !p.equals("/")).toList();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<Path, String> s : sources.entrySet()) {
            Path where = s.getKey();
            byte[] jar;
            String name;
            if (Files.isDirectory(where)) {
                jar = jarOf(where);
                name = s.getValue() + ".jar";
            } else {
                jar = Files.readAllBytes(where);
                name = where.getFileName().toString();
            }
            refuseStudentClasses(where, jar, studentPackages);
            if (out.put(name, jar) != null) throw new IllegalStateException("two jars named " + name + " on the class path");
        }
        return out;
    }

    /** Fails when the jar holds a class (or any file) of a student package: where a solution would be. */
    static void refuseStudentClasses(Path where, byte[] jar, List<String> studentPackages) throws IOException {
        for (String entry : entries(jar)) {
            for (String pkg : studentPackages) {
                if (entry.startsWith(pkg)) {
                    throw new IllegalStateException("refusing to pack " + where + ": it holds " + entry
                            + ", a class of the students' package " + pkg + " (a solution must never reach the autograder)");
                }
            }
        }
    }

    /** The jar or class folder that {@code className} was loaded from. */
    private static Path codeSource(String className, String artifact) {
        try {
            Class<?> c = Class.forName(className, false, AutograderPackage.class.getClassLoader());
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            if (url == null) throw new IllegalStateException(artifact + " (" + className + ") has no location on the class path");
            return Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot pack the autograder: " + artifact + " (class " + className
                    + ") is not on this JVM's class path; run it through ./convkit, which builds the library first", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(artifact + ": unreadable class path location: " + e.getMessage(), e);
        }
    }

    /** A class folder as jar bytes (entries sorted, so the same folder gives the same jar). */
    private static byte[] jarOf(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
        }
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                JarEntry e = new JarEntry(name);
                e.setTime(Files.getLastModifiedTime(f).toMillis());
                jar.putNextEntry(e);
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The entry names of a jar given as bytes. */
    static List<String> entries(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
        }
        return names;
    }
}
