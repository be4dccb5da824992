package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Exec#warmUpInBackground()} registers every group of vector loops the library has: the
 * groups are found in the sources (each {@code Exec.addWarmUp(Owner.class, ...)} call), so a
 * new group that is missing from {@link WarmUps#LIBRARY_LOOPS} fails here.
 */
class WarmUpOwnersTest {
    private static final Pattern ADD = Pattern.compile("Exec\\.addWarmUp\\(\\s*(\\w+)\\.class");

    /** The simple names of the owners registered through Exec.addWarmUp anywhere in the library's sources. */
    private static Set<String> ownersInSources() throws IOException {
        Set<String> owners = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = ADD.matcher(Files.readString(f));
                while (m.find()) owners.add(m.group(1));
            }
        }
        return owners;
    }

    /** Run in a fresh JVM (no class of the library loaded yet): calls warmUpInBackground, prints the owners its list registered. */
    public static void main(String[] args) throws Exception {
        Exec.warmUpInBackground();
        Set<String> expected = new TreeSet<>(java.util.Arrays.asList(args)), registered = new TreeSet<>();
        long end = System.nanoTime() + 20_000_000_000L; // the background thread loads the classes: give it time on a busy machine
        while (WarmUps.registeredByList < 0 && System.nanoTime() < end) Thread.sleep(5);
        // the first groups registered, before any warm-up ran (a warm-up may load and so register more)
        for (WarmUps.Owner o : WarmUps.owners().subList(0, Math.max(0, WarmUps.registeredByList))) registered.add(o.owner.getSimpleName());
        System.out.println(String.join(" ", registered));
    }

    @Test
    void everyGroupOfLoopsInTheSourcesIsRegisteredByWarmUpInBackground() throws Exception {
        Set<String> inSources = ownersInSources();
        assertFalse(inSources.isEmpty(), "no Exec.addWarmUp call found under src/main/java (run from the module's folder)");
        assumeTrue(Simd.AVAILABLE && WarmUps.MODE == WarmUps.Mode.BACKGROUND, "needs --add-modules jdk.incubator.vector and the default warm-up");
        inSources.add("Gemm"); // the matrix multiply's own, registered on first use
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), WarmUpOwnersTest.class.getName()));
        cmd.addAll(inSources);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "the child JVM failed");
        assertEquals(String.join(" ", inSources), out, "groups of vector loops registered after Exec.warmUpInBackground() in a fresh JVM");
    }

    @Test
    void theListNamesClassesThatExist() throws Exception {
        for (String name : WarmUps.LIBRARY_LOOPS) Class.forName(name, false, WarmUps.class.getClassLoader());
    }
}
