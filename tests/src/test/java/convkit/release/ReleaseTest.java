package convkit.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./convkit release} writes a Maven repository that a course can host, and a project outside
 * the reactor that depends on {@code org.convkit:convkit-core} from it compiles and runs the lecture's
 * correlation: the coordinates, the POMs (parent included) and the jar work on their own, and the core
 * brings nothing but Gson.
 *
 * <p>The release is built from a copy of the sources, so this suite's own jars are never rewritten
 * while tests use them. The outside project resolves third-party artifacts (Gson, Maven's plugins)
 * from the machine's local repository, which the main build has filled, through a mirror in a
 * settings file: no network, and the developer's repository never receives ConvKit's artifacts.
 */
class ReleaseTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent(); // surefire runs in tests/

    @Test
    void anOutsideProjectDependsOnTheReleasedCoreAndCorrelates(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        copySources(src);
        Path release = tmp.resolve("release");
        run(src, 900, "bash", "convkit", "release", release.toString());

        String version = projectVersion();
        Path core = release.resolve("maven/org/convkit/convkit-core/" + version);
        for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom"))
            assertTrue(Files.isRegularFile(core.resolve("convkit-core-" + version + suffix)), "release holds convkit-core-" + version + suffix);
        try (JarFile jar = new JarFile(core.resolve("convkit-core-" + version + ".jar").toFile())) {
            assertEquals("convkit.core", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
        try (ZipFile zip = new ZipFile(release.resolve("convkit-" + version + "-maven.zip").toFile())) {
            for (String a : List.of("core", "interop", "viz", "grading", "cli", "kernel"))
                assertTrue(zip.getEntry("org/convkit/convkit-" + a + "/" + version + "/convkit-" + a + "-" + version + ".jar") != null,
                        "the zip holds convkit-" + a);
            assertTrue(zip.getEntry("org/convkit/convkit-parent/" + version + "/convkit-parent-" + version + ".pom") != null,
                    "the zip holds the parent POM the artifacts' POMs name");
        }

        Path project = tmp.resolve("student-project");
        Files.createDirectories(project.resolve("src/main/java/demo"));
        Files.writeString(project.resolve("pom.xml"), pom(release.resolve("maven").toUri().toString(), version));
        Files.writeString(project.resolve("src/main/java/demo/Main.java"), """
                package demo;

                import convkit.conv.Kernel2d;
                import convkit.tensor.Tensor;

                public class Main {
                    public static void main(String[] args) {
                        var x = Tensor.parse("2 10 8\\n5 15 20\\n6 11 9");
                        System.out.println(Kernel2d.parse("1 8\\n-5 6").correlate(x));
                    }
                }
                """);
        Path home = Path.of(System.getProperty("user.home"));
        Files.writeString(project.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors><mirror><id>this-machine</id><mirrorOf>central</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>
                """.formatted(tmp.resolve("m2"), home.resolve(".m2/repository").toUri()));
        run(project, 300, "mvn", "-B", "-q", "-s", "settings.xml", "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath", "-Dmdep.outputFile=cp.txt");

        List<String> jars = List.of(Files.readString(project.resolve("cp.txt")).strip().split(java.io.File.pathSeparator));
        String names = jars.stream().map(j -> Path.of(j).getFileName().toString()).sorted().collect(Collectors.joining(" "));
        assertTrue(jars.stream().anyMatch(j -> j.startsWith(tmp.resolve("m2").toString()) && j.endsWith("convkit-core-" + version + ".jar")),
                "convkit-core came from the release through the project's own local repository: " + jars);
        for (String banned : List.of("junit", "picocli", "xchart", "tablesaw", "slf4j", "progressbar", "convkit-viz", "convkit-grading"))
            assertTrue(!names.contains(banned), "the core brings no " + banned + ": " + names);

        String out = run(project, 120, "java", "-cp", "target/classes" + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, jars), "demo.Main");
        assertTrue(out.matches("(?s).*147\\s+119\\s+161\\s+174.*"), "the lecture's correlation 147 119 / 161 174, got:\n" + out);
    }

    /** The version in the root POM (the parent's own, right after its artifactId). */
    static String projectVersion() throws IOException {
        var m = java.util.regex.Pattern.compile("<artifactId>convkit-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "the root POM names its version");
        return m.group(1);
    }

    static String pom(String repoUrl, String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId>
                  <artifactId>student-project</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository><id>convkit</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency><groupId>org.convkit</groupId><artifactId>convkit-core</artifactId><version>%s</version></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.5.0</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repoUrl, version);
    }

    /** The build's inputs (POMs, sources, the launcher), without any target folder. */
    static void copySources(Path dest) throws IOException {
        for (String top : List.of("pom.xml", "convkit", "LICENSE", "lib", "kernel-config", "tests/pom.xml")) {
            Path from = ROOT.resolve(top);
            if (Files.isRegularFile(from)) {
                Files.createDirectories(dest.resolve(top).getParent());
                Files.copy(from, dest.resolve(top), StandardCopyOption.COPY_ATTRIBUTES);
                continue;
            }
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.filter(p -> !ROOT.relativize(p).toString().contains("target")).toList()) {
                    Path to = dest.resolve(ROOT.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Runs a command in {@code dir}; fails with its output when it fails or outlives {@code seconds}. */
    static String run(Path dir, long seconds, String... command) throws Exception {
        Path log = Files.createTempFile("release-test", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!done) p.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(done, String.join(" ", command) + " did not finish in " + seconds + " s:\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
