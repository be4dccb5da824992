package convkit.jupyter;

import java.io.FileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kernel start's timeline, for measuring it: with {@code -Dconvkit.kernel.timeline=FILE} in
 * kernel.json's argv, each step appends "epoch-ms thread cpu=MS step" to FILE (cpu: the thread's
 * own CPU time so far, from /proc, in 10 ms ticks; -1 where there is no /proc). Without the
 * property it does nothing and prints nothing. See kernel-config/README.md, "Start time".
 */
final class StartTimeline {
    private static final String FILE = System.getProperty("convkit.kernel.timeline");
    /** Whether steps are written (so a caller can skip building a step's name). */
    static final boolean ON = FILE != null;

    private StartTimeline() {
    }

    static void mark(String step) {
        if (ON) write(step);
    }

    private static synchronized void write(String step) {
        long cpu = -1;
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime, at 100 ticks a second
        } catch (IOException | RuntimeException e) {
            // not Linux: wall time only
        }
        try (FileWriter w = new FileWriter(FILE, true)) {
            w.write(System.currentTimeMillis() + " " + Thread.currentThread().getName() + " cpu=" + cpu + " " + step + "\n");
        } catch (IOException e) {
            // a measuring aid: never a reason to fail a start
        }
    }
}
