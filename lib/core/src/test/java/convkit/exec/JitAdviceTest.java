package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JitAdvice}: in a fresh JVM, {@link Exec#warmUp()} leaves the JVM with the compiler
 * directive that keeps C2 off the Vector API's fallbacks (the JVM parsed it and lists its
 * patterns), exactly once; {@code -Dconvkit.jitadvice=false} leaves none; the warm-up's kernels
 * still give the same bits either way (their agreement tests run with the directive, since every
 * test JVM that warms up adds it).
 */
class JitAdviceTest {

    /** Run in a fresh JVM: warms up, then prints whether the directive was added and the JVM's directive list. */
    public static void main(String[] args) throws Exception {
        Exec.warmUp();
        Exec.warmUp(); // a second warm-up adds nothing more
        JitAdvice.apply();
        Object printed = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerDirectivesPrint", new Object[] {null}, new String[] {String[].class.getName()});
        System.out.println("vector=" + Simd.AVAILABLE + " added=" + JitAdvice.added);
        System.out.println(printed);
    }

    private static String child(String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitAdviceTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the child JVM failed: " + out);
        return out;
    }

    /** How often {@code name} is one of the patterns on the "matching:" lines of the JVM's directive list. */
    private static int count(String printed, String name) {
        int n = 0;
        for (String line : printed.split("\n")) {
            String t = line.trim();
            if (!t.startsWith("matching:")) continue;
            for (String pattern : t.substring("matching:".length()).split(",")) {
                if (pattern.trim().equals(name)) n++;
            }
        }
        return n;
    }

    @Test
    void theWarmUpAddsTheDirectiveOnce() throws Exception {
        String out = child();
        assertTrue(out.startsWith("vector=true added=true"), out);
        // every pattern listed once: one directive, matching each fallback name
        for (String name : JitAdvice.FALLBACKS) assertEquals(1, count(out, name), name + " in\n" + out);
        assertEquals(1, count(out, "jdk/incubator/vector/*.bOp"), out);
        assertEquals(1, count(out, "jdk/internal/vm/vector/VectorSupport.*"), out);
    }

    @Test
    void offWhenAskedSo() throws Exception {
        String out = child("-Dconvkit.jitadvice=false");
        assertTrue(out.startsWith("vector=true added=false"), out);
        assertFalse(out.contains("jdk/incubator/vector"), out);
    }

    @Test
    void theDirectiveNamesOnlyFallbacksNeverTheKernelsOwnCalls() {
        String d = JitAdvice.directive();
        assertTrue(d.contains("c2: { Exclude: true }"), d);
        // C2 does not inline what it may not compile: the operations a compiled kernel calls must stay out
        for (String call : new String[] {"fromArray", "intoArray", "lanewise", "fma", "broadcast", "compare", "blend", "add", "mul", "reduceLanes"}) {
            for (String name : JitAdvice.FALLBACKS) {
                String method = name.substring(name.lastIndexOf('.') + 1);
                assertFalse(method.equals(call), name + " would keep C2 from inlining " + call);
            }
        }
        assertFalse(d.contains("convkit"), "the library's own kernels must stay compilable: " + d);
    }
}
