package convkit.jupyter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelOptionsTest {
    @Test
    void timeoutsAreMillisecondsOrATimeUnit() {
        assertEquals(0, KernelOptions.parseTimeout("-1"));
        assertEquals(0, KernelOptions.parseTimeout("0"));
        assertEquals(1500, KernelOptions.parseTimeout("1500"));
        assertEquals(30_000, KernelOptions.parseTimeout("30 SECONDS"));
        assertEquals(120_000, KernelOptions.parseTimeout("2 minutes"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelOptions.parseTimeout("soon"));
        assertTrue(e.getMessage().contains("IJAVA_TIMEOUT") && e.getMessage().contains("'soon'"), e.getMessage());
    }

    @Test
    void classPathEntriesAndGlobsExpand(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("a.jar"));
        Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        List<Path> jars = KernelOptions.expandGlobs("IJAVA_CLASSPATH", dir + "/*.jar", false);
        assertEquals(List.of(dir.resolve("a.jar"), dir.resolve("b.jar")), jars.stream().sorted().collect(java.util.stream.Collectors.toList()));
        List<Path> two = KernelOptions.expandGlobs("IJAVA_CLASSPATH", dir.resolve("notes.txt") + File.pathSeparator + dir, false);
        assertEquals(List.of(dir.resolve("notes.txt"), dir), two);
    }

    @Test
    void aMissingEntryIsAnErrorNamingTheVariable(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelOptions.fromEnvironment(Map.of("IJAVA_CLASSPATH", dir.resolve("missing.jar").toString())));
        assertTrue(e.getMessage().startsWith("IJAVA_CLASSPATH names"), e.getMessage());
        IllegalArgumentException glob = assertThrows(IllegalArgumentException.class,
                () -> KernelOptions.expandGlobs("IJAVA_STARTUP_SCRIPTS_PATH", dir + "/*.jsh", true));
        assertTrue(glob.getMessage().contains("matches no file"), glob.getMessage());
    }

    @Test
    void theVectorModuleIsAlwaysGivenToTheCompiler() {
        KernelOptions o = KernelOptions.fromEnvironment(Map.of("IJAVA_COMPILER_OPTS", "-parameters  -Xlint:none"));
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-parameters", "-Xlint:none"), o.compilerOptions);
    }
}
