package convkit.grading;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that keeps the first {@code limit} bytes and only counts the rest, so a
 * student's println in an endless loop can neither fill memory nor flood the report.
 */
final class BoundedText extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedText(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) kept.write(b);
        else dropped++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, Math.min(len, limit - kept.size()));
        kept.write(b, off, room);
        dropped += len - room;
    }

    /** Counts bytes that were cut before they reached this stream. */
    synchronized void addDropped(long n) {
        dropped += Math.max(0, n);
    }

    /** The text so far (with a note of what was cut), and starts empty again. */
    synchronized String take() {
        String s = kept.toString(StandardCharsets.UTF_8);
        if (dropped > 0) s += "\n[... " + dropped + " more bytes of output not shown]";
        kept.reset();
        dropped = 0;
        return s;
    }

    /** Cuts a string to at most {@code max} characters, saying how much was cut. */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) return s;
        return s.substring(0, max) + "\n[... " + (s.length() - max) + " more characters not shown]";
    }
}
