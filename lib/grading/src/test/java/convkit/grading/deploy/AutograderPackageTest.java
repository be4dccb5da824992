package convkit.grading.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/** Which jars the autograder gets, and the guard against packing a solution. (The round trip is GradescopePackageTest.) */
class AutograderPackageTest {

    @Test
    void everyRuntimeArtifactIsFoundAndNothingElse() throws IOException {
        Map<String, byte[]> jars = AutograderPackage.jars();
        assertEquals(AutograderPackage.RUNTIME.size(), jars.size(), jars.keySet().toString());
        assertTrue(jars.keySet().stream().anyMatch(j -> j.startsWith("convkit-grading")), jars.keySet().toString());
        for (Map.Entry<String, byte[]> j : jars.entrySet()) {
            List<String> entries = AutograderPackage.entries(j.getValue());
            assertTrue(entries.stream().anyMatch(e -> e.endsWith(".class")), j.getKey() + " holds classes");
            assertTrue(entries.stream().noneMatch(e -> e.endsWith("Test.class") && e.startsWith("convkit/")),
                    j.getKey() + " holds no test classes of this build");
        }
    }

    @Test
    void aJarWithAClassOfAStudentPackageIsRefused() throws IOException {
        List<String> pkgs = List.of("assignment1/", "assignment2/");
        byte[] clean = jar("convkit/grading/GradeRun.class", "assignments/README.txt");
        assertDoesNotThrow(() -> AutograderPackage.refuseStudentClasses(Path.of("clean.jar"), clean, pkgs));
        byte[] leaky = jar("convkit/grading/GradeRun.class", "assignment2/Shapes.class");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AutograderPackage.refuseStudentClasses(Path.of("leaky.jar"), leaky, pkgs));
        assertTrue(e.getMessage().contains("assignment2/Shapes.class") && e.getMessage().contains("solution"), e.getMessage());
    }

    private static byte[] jar(String... names) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(b)) {
            for (String n : names) {
                j.putNextEntry(new JarEntry(n));
                j.write(new byte[] {1, 2, 3});
                j.closeEntry();
            }
        }
        return b.toByteArray();
    }
}
