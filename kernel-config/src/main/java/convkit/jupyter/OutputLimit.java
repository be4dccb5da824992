package convkit.jupyter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The cap on what one cell may print (stdout and stderr together): a cell stuck printing in a
 * loop must not send megabytes to the browser. Past the limit the bytes are counted and dropped;
 * {@link #note()} says how many at the end of the cell.
 */
final class OutputLimit {
    private final long limit;
    private long written;
    private long dropped;

    /** @param limit bytes one cell may print; 0 or less for no limit */
    OutputLimit(long limit) {
        this.limit = limit;
    }

    /** A print stream that writes to {@code target} while this cell's budget lasts. */
    PrintStream wrap(PrintStream target) {
        return new PrintStream(new FilterOutputStream(target) {
            @Override
            public void write(int b) {
                if (admit(1) == 1) target.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                int n = admit(len);
                if (n > 0) target.write(b, off, n);
            }

            @Override
            public void flush() {
                target.flush();
            }

            @Override
            public void close() throws IOException {
                flush(); // never close the kernel's stream from a cell
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** How many of {@code len} bytes may still go out; counts the rest as dropped. */
    private synchronized int admit(int len) {
        if (limit <= 0) return len;
        long room = Math.max(0, limit - written);
        int n = (int) Math.min(room, len);
        written += n;
        dropped += len - n;
        return n;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** The line shown after a capped cell, or null when nothing was dropped. */
    synchronized String note() {
        if (dropped == 0) return null;
        return String.format(Locale.ROOT, "%n[output limit: the cell printed %s; the first %s are shown, %s (%,d bytes) were dropped."
                        + " %s sets the limit]%n",
                size(written + dropped), size(limit), size(dropped), dropped, KernelOptions.OUTPUT_LIMIT);
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
        if (bytes >= 1 << 10) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return bytes + " bytes";
    }
}
