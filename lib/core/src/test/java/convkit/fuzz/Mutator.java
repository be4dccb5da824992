package convkit.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded byte-level mutations for the reader fuzz tests: bit flips, interesting bytes, big
 * integers written over 4 or 8 bytes, truncation, appended junk, inserted and deleted runs.
 * Each call says what it did, so a failure names the mutation that caused it.
 */
final class Mutator {
    private final Random r;
    private String last = "";

    Mutator(long seed) {
        this.r = new Random(seed);
    }

    Random random() {
        return r;
    }

    String last() {
        return last;
    }

    /** One to three mutations; {@code hot} bytes from the start (the header) are picked more often. */
    byte[] mutate(byte[] seed, int hot) {
        byte[] b = seed.clone();
        StringBuilder what = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b = once(b, hot, what);
        }
        last = what.toString();
        return b;
    }

    private byte[] once(byte[] b, int hot, StringBuilder what) {
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        int pos = r.nextInt(3) > 0 ? r.nextInt(Math.min(hot, b.length)) : r.nextInt(b.length);
        switch (r.nextInt(8)) {
            case 0 -> {
                b[pos] ^= (byte) (1 << r.nextInt(8));
                what.append("flip bit at ").append(pos).append("; ");
            }
            case 1 -> {
                byte[] interesting = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1, '"', '[', '9', ' '};
                b[pos] = interesting[r.nextInt(interesting.length)];
                what.append("set byte ").append(pos).append(" to ").append(b[pos]).append("; ");
            }
            case 2 -> {
                long[] big = {0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 1L << 20, 1L << 30, 0, 60000, -1L, Long.MAX_VALUE};
                long v = big[r.nextInt(big.length)];
                boolean little = r.nextBoolean();
                int width = r.nextBoolean() ? 4 : 8;
                for (int k = 0; k < width && pos + k < b.length; k++) {
                    int shift = 8 * (little ? k : width - 1 - k);
                    b[pos + k] = (byte) (v >>> shift);
                }
                what.append("write ").append(v).append(little ? " LE" : " BE").append(width * 8).append(" at ").append(pos).append("; ");
            }
            case 3 -> {
                int len = r.nextInt(b.length);
                what.append("truncate to ").append(len).append("; ");
                return Arrays.copyOf(b, len);
            }
            case 4 -> {
                int extra = 1 + r.nextInt(64);
                byte[] c = Arrays.copyOf(b, b.length + extra);
                for (int k = b.length; k < c.length; k++) c[k] = (byte) r.nextInt(256);
                what.append("append ").append(extra).append(" bytes; ");
                return c;
            }
            case 5 -> {
                int len = 1 + r.nextInt(Math.min(16, b.length - pos));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(b, pos + len, c, pos, b.length - pos - len);
                what.append("delete ").append(len).append(" at ").append(pos).append("; ");
                return c;
            }
            case 6 -> {
                int len = 1 + r.nextInt(16);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, pos);
                for (int k = 0; k < len; k++) c[pos + k] = (byte) r.nextInt(256);
                System.arraycopy(b, pos, c, pos + len, b.length - pos);
                what.append("insert ").append(len).append(" at ").append(pos).append("; ");
                return c;
            }
            default -> {
                b[pos] = (byte) r.nextInt(256);
                what.append("random byte at ").append(pos).append("; ");
            }
        }
        return b;
    }
}
