package convkit.data;

import convkit.tensor.Memory;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from
 * the file's first bytes).
 *
 * <pre>{@code
 * bytes 0-1  0x00 0x00
 * byte  2    element type: 0x08 = unsigned byte (the only type image data sets use)
 * byte  3    number of dimensions d
 * then       d big-endian 32-bit sizes, then the elements row-major (prod(sizes) bytes)
 * }</pre>
 * Images are magic 2051 (0x00000803: unsigned bytes, 3 dimensions N x H x W), labels 2049
 * (0x00000801: N).
 *
 * <p>Read defensively: a header is checked before any data is read; sizes larger than
 * {@link #MAX_ELEMENTS}, larger than the file could hold (a raw file must be exactly header plus
 * data, a gzip file cannot expand more than {@link #MAX_GZIP_RATIO} times) or than the heap fail
 * at once. Data is inflated as a stream straight into an array of the declared size, and one byte
 * more ends the read, so a gzip bomb never expands beyond what its header declares.
 *
 * <p>Errors: {@link IdxException} (an {@link IllegalArgumentException}) for a file that is not a
 * valid IDX file, {@link convkit.tensor.Memory.TooLargeException} (also an
 * {@link IllegalArgumentException}) for one too large for the heap, and
 * {@link UncheckedIOException} when the file cannot be read.
 */
public final class Idx {
    /** Largest number of elements accepted: well above Fashion-MNIST's 47,040,000, well below a Java array's limit. */
    public static final long MAX_ELEMENTS = 1L << 30;
    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 4;
    private static final int BLOCK = 1 << 20;
    /** Deflate's largest expansion is about 1032:1; a gzip file declaring more data than that is corrupt. */
    public static final long MAX_GZIP_RATIO = 1032;

    private Idx() {}

    /** An IDX file's content: its dimensions and its unsigned bytes (as Java bytes; read them with {@code & 0xFF}). */
    public record Data(int magic, int[] dims, byte[] bytes) {
        public long count() {
            return dims[0];
        }

        @Override
        public String toString() {
            return "Idx.Data(magic " + magic + ", dims " + Arrays.toString(dims) + ")";
        }
    }

    /** Reads a file; {@code expectedMagic} is 2051 for images, 2049 for labels, or 0 to accept either. */
    public static Data read(Path file, int expectedMagic) {
        return read(file, expectedMagic, null, 0);
    }

    /**
     * As {@link #read(Path, int)}, for a data set of known sizes, checked from the header before any
     * data is read: {@code inner}, when not null, are the sizes every dimension after the first must
     * have, and {@code maxCount}, when positive, the most entries (images or labels) it holds.
     */
    static Data read(Path file, int expectedMagic, int[] inner, int maxCount) {
        java.util.Objects.requireNonNull(file, "Idx.read: the file must not be null");
        if (!Files.isRegularFile(file)) throw new IdxException("IDX file " + file + " does not exist or is not a file");
        try (InputStream in = open(file)) {
            long size = Files.size(file);
            boolean gzip = gzipped(file);
            // raw: the file holds exactly header + data; gzip: deflate expands at most ~1032 times
            long most = gzip ? size * MAX_GZIP_RATIO + (1 << 16) : size;
            return read(in, file.toString(), expectedMagic, most, !gzip, inner, maxCount);
        } catch (EOFException | ZipException e) {
            throw new IdxException(file + ": truncated or corrupt compressed data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading IDX file " + file, e);
        }
    }

    /** Reads from a stream (raw IDX bytes); {@code name} is used in messages. */
    public static Data read(InputStream in, String name, int expectedMagic) throws IOException {
        java.util.Objects.requireNonNull(in, "Idx.read: the stream must not be null");
        return read(in, name, expectedMagic, Long.MAX_VALUE, false, null, 0);
    }

    private static Data read(InputStream in, String name, int expectedMagic, long most, boolean exact, int[] inner, int maxCount)
            throws IOException {
        byte[] head = readUpTo(in, 4);
        if (head.length < 4) throw new IdxException(name + ": file ends after " + head.length + " bytes, inside the 4-byte magic number");
        int magic = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        if (head[0] != 0 || head[1] != 0) {
            throw new IdxException(name + ": not an IDX file: magic number 0x" + hex(magic) + " should start with two zero bytes"
                    + " (images are 2051 = 0x00000803, labels 2049 = 0x00000801)");
        }
        int type = head[2] & 0xFF, rank = head[3] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IdxException(name + ": element type 0x" + Integer.toHexString(type) + " is not supported; image data sets use"
                    + " unsigned bytes (0x08)");
        }
        if (rank < 1 || rank > MAX_DIMS) {
            throw new IdxException(name + ": header says " + rank + " dimensions; expected 1 to " + MAX_DIMS);
        }
        if (expectedMagic != 0 && magic != expectedMagic) {
            throw new IdxException(name + ": magic number " + magic + " but expected " + expectedMagic
                    + (expectedMagic == IMAGES_MAGIC ? " (an images file)" : expectedMagic == LABELS_MAGIC ? " (a labels file)" : "")
                    + (magic == LABELS_MAGIC ? "; this is a labels file" : magic == IMAGES_MAGIC ? "; this is an images file" : ""));
        }
        byte[] dimBytes = readUpTo(in, 4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxException(name + ": file ends inside the header (" + rank + " sizes of 4 bytes expected, got "
                    + dimBytes.length + " bytes)");
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            long v = ((dimBytes[4 * d] & 0xFFL) << 24) | ((dimBytes[4 * d + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * d + 2] & 0xFF) << 8) | (dimBytes[4 * d + 3] & 0xFF);
            if (v < 1) throw new IdxException(name + ": dimension " + d + " has size 0; every size must be at least 1");
            if (v > MAX_ELEMENTS) {
                throw new IdxException(name + ": dimension " + d + " claims " + v + " entries, more than the " + MAX_ELEMENTS
                        + " this reader accepts; the header is corrupt or not an image data set");
            }
            elements *= v;
            if (elements > MAX_ELEMENTS) {
                throw new IdxException(name + ": header claims " + describe(dimBytes, d + 1) + " = more than " + MAX_ELEMENTS
                        + " elements (about " + (MAX_ELEMENTS >> 20) + " MB); the header is corrupt or not an image data set");
            }
            dims[d] = (int) v;
        }
        if (maxCount > 0 && dims[0] > maxCount) {
            throw new IdxException(name + ": the header says " + dims[0] + " entries, but this data set has at most " + maxCount
                    + "; the header is corrupt or the file belongs to another data set");
        }
        long total = 4L + 4L * rank + elements;
        if (total > most || (exact && total != most)) {
            throw new IdxException(name + ": header " + Arrays.toString(dims) + " declares " + elements + " data bytes, but the "
                    + (exact ? "file has " + (most - 4 - 4L * rank) + " (it must be exactly header + data)"
                    : "compressed file can hold at most about " + (most - (1 << 16)) + " (gzip expands at most " + MAX_GZIP_RATIO + " times)")
                    + "; the header or the file is corrupt");
        }
        if (inner != null && (rank != inner.length + 1 || !Arrays.equals(Arrays.copyOfRange(dims, 1, rank), inner))) {
            throw new IdxException(name + ": the header says " + Arrays.toString(dims) + ", but this data set's entries are "
                    + (inner.length == 0 ? "single labels, (N)" : Arrays.toString(inner).replace(", ", "x").replaceAll("[\\[\\]]", "")
                    + " images, (N, " + Arrays.toString(inner).replaceAll("[\\[\\]]", "") + ")")
                    + (rank == 3 && inner.length == 2 ? ": these images are " + dims[1] + "x" + dims[2] : ""));
        }
        // a file's size vouches for the declared size; a bare stream's does not, so its array grows as data arrives
        byte[] data = readExactly(in, (int) elements, name, dims, most != Long.MAX_VALUE);
        if (in.read() != -1) {
            throw new IdxException(name + ": more data than the header's " + Arrays.toString(dims) + " = " + elements
                    + " bytes; the header or the file is corrupt");
        }
        return new Data(magic, dims, data);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /**
     * Reads {@code n} bytes a block at a time, never more than the header declares. With
     * {@code upfront} (the file's size vouches for n) into one array of that size, checked against
     * the heap first; otherwise into an array that doubles as real data arrives.
     */
    private static byte[] readExactly(InputStream in, int n, String name, int[] dims, boolean upfront) throws IOException {
        String what = name + ": the data " + Arrays.toString(dims);
        byte[] out = Memory.bytes(upfront ? n : Math.min(n, BLOCK), what);
        int off = 0;
        while (off < n) {
            if (off == out.length) {
                byte[] bigger = Memory.bytes((int) Math.min(n, 2L * out.length), what);
                System.arraycopy(out, 0, bigger, 0, off);
                out = bigger;
            }
            int got = in.read(out, off, Math.min(out.length - off, BLOCK));
            if (got < 0) {
                throw new IdxException(name + ": truncated: header " + Arrays.toString(dims) + " needs " + n + " data bytes, file has " + off);
            }
            off += got;
        }
        return out;
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return raw.read() == 0x1f && raw.read() == 0x8b;
        }
    }

    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int got = in.read(b, off, n - off);
            if (got < 0) break;
            off += got;
        }
        return off == n ? b : Arrays.copyOf(b, off);
    }

    private static String describe(byte[] dimBytes, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < upTo; d++) {
            long v = ((dimBytes[4 * d] & 0xFFL) << 24) | ((dimBytes[4 * d + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * d + 2] & 0xFF) << 8) | (dimBytes[4 * d + 3] & 0xFF);
            sb.append(d == 0 ? "" : " x ").append(v);
        }
        return sb.toString();
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
