package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link Exec#shrinkHeapIfGrown()} in a fresh JVM with a small initial heap: no collection while
 * the heap has its initial size; a collection that gives the heap back once G1 has grown it for
 * data that is no longer live; at most {@link HeapGuard#MAX_COLLECTIONS} in all.
 */
class HeapGuardTest {

    /** Run in a fresh JVM (-Xms32m): prints what each check did and whether the heap shrank. */
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        out.append(Exec.shrinkHeapIfGrown() ? "collected" : "left"); // the initial heap: nothing to give back
        for (int round = 0; round < HeapGuard.MAX_COLLECTIONS + 1; round++) {
            grow();
            long before = Runtime.getRuntime().totalMemory();
            boolean collected = Exec.shrinkHeapIfGrown();
            long after = Runtime.getRuntime().totalMemory();
            out.append(' ').append(collected ? (after < before ? "collected-shrank" : "collected-kept") : "left");
        }
        System.out.println(out);
    }

    /** Keeps ~160 MB live for a moment, so that G1 commits heap for it, then lets it go. */
    private static void grow() {
        byte[][] live = new byte[160][];
        for (int i = 0; i < live.length; i++) live[i] = new byte[1 << 20];
        sink = live;
        sink = null;
    }

    static volatile Object sink;

    @Test
    void collectsOnlyWhenTheHeapHasGrownAndAtMostThreeTimes() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms32m", "-Xmx1g", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), HeapGuardTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "the child JVM failed");
        assertEquals("left collected-shrank collected-shrank collected-shrank left", out);
    }
}
