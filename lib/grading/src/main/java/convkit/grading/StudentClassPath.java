package convkit.grading;

import com.google.gson.Gson;
import convkit.grading.sandbox.Executor;
import convkit.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What student code links against and what the executor's JVM sees: convkit-core and Gson (its
 * only dependency), and the executor's own classes, each cut out of its jar or class folder
 * when that also holds the graders (a single fat jar, or lib/grading's class folder). The
 * graders, the oracles and the grading machinery are never on it.
 */
final class StudentClassPath {
    private StudentClassPath() {}

    private static final String SANDBOX = Executor.class.getPackageName().replace('.', '/') + "/";

    /** Class files of these folders are what the executor may see of ConvKit's own jars. */
    private static boolean forbidden(String entry) {
        return entry.startsWith("convkit/") && !entry.startsWith(SANDBOX)
                && (entry.startsWith("convkit/grading/") || entry.startsWith("convkit/assignments/") || entry.startsWith("convkit/cli/")
                || entry.startsWith("convkit/viz/"));
    }

    /** The entries for the compiler: core and Gson, cut into {@code work} when mixed with grader classes. */
    static List<Path> library(Path work) throws IOException {
        List<Path> out = new ArrayList<>();
        Path core = location(Tensor.class), gson = location(Gson.class);
        out.add(clean(core, work.resolve("lib-core"), e -> !forbidden(e) && !e.startsWith("com/google/gson/")));
        if (!gson.equals(core)) out.add(clean(gson, work.resolve("lib-gson"), e -> e.startsWith("com/google/gson/") || e.startsWith("META-INF/")));
        else out.add(clean(gson, work.resolve("lib-gson"), e -> e.startsWith("com/google/gson/")));
        return out;
    }

    /** The executor's classes alone, copied into {@code dir}. */
    static Path executor(Path dir) throws IOException {
        return copy(location(Executor.class), dir, e -> e.startsWith(SANDBOX) && e.endsWith(".class"));
    }

    static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where the classes of " + c.getName() + " are loaded from", e);
        }
    }

    /** {@code source} itself when it holds no grader class, else a copy of what {@code keep} accepts. */
    private static Path clean(Path source, Path dir, Predicate<String> keep) throws IOException {
        boolean mixed;
        if (Files.isDirectory(source)) {
            mixed = Files.exists(source.resolve("convkit/grading")) || Files.exists(source.resolve("convkit/assignments"));
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                mixed = jar.stream().anyMatch(e -> forbidden(e.getName()));
            }
        }
        return mixed ? copy(source, dir, keep) : source;
    }

    private static Path copy(Path source, Path dir, Predicate<String> keep) throws IOException {
        Files.createDirectories(dir);
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.walk(source)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String rel = source.relativize(p).toString().replace('\\', '/');
                    if (!keep.test(rel)) continue;
                    Path to = dir.resolve(rel);
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                    JarEntry e = en.nextElement();
                    if (e.isDirectory() || !keep.test(e.getName()) || e.getName().contains("..")) continue;
                    Path to = dir.resolve(e.getName());
                    Files.createDirectories(to.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
        return dir;
    }
}
