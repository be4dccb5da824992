package convkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.data.Idx;
import convkit.data.IdxException;
import convkit.tensor.Memory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz of the IDX reader, run by its own surefire execution in a JVM with a 256 MB heap
 * (lib/core/pom.xml): 2,400 seeded mutations of a raw and a gzip IDX file, and gzip bombs. Every
 * file either reads as exactly the bytes it holds or fails with one of the documented exceptions
 * ({@link IdxException}, {@link Memory.TooLargeException}, {@link UncheckedIOException}); never an
 * out-of-memory, never another exception, never more than 2 s.
 */
class IdxFuzzTest {
    static final int MUTATIONS = 2400;
    static final Duration PER_FILE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    static byte[] images(int n, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w).putInt(Idx.IMAGES_MAGIC).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n * h * w; i++) b.put((byte) (i * 7 + i / 13));
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** What the file really holds once decompressed (capped: a mutated stream may be long), or null if it is not readable gzip. */
    static byte[] content(byte[] file, int cap) {
        if (file.length < 2 || (file[0] & 0xFF) != 0x1f || (file[1] & 0xFF) != 0x8b) return file;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return in.readNBytes(cap);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Only in the surefire execution that gives them a 256 MB heap (it sets this property); run
     * elsewhere (e.g. picked with -Dtest in the ordinary execution) they are skipped.
     */
    @BeforeAll
    static void onlyUnderTheSmallHeap() {
        assumeTrue(System.getProperty("convkit.fuzz.heap") != null, "the fuzz tests run in their own execution with -Xmx256m");
    }

    @Test
    void theHeapIsSmall() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 260L << 20,
                "the fuzz tests must run with -Xmx256m, this JVM has " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
    }

    @Test
    void mutatedFilesReadExactlyOrFailWithADocumentedException() throws IOException {
        byte[] raw = images(6, 9, 7);
        byte[] gz = gzip(raw);
        Mutator m = new Mutator(16);
        int read = 0, refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            boolean useGzip = i % 2 == 1;
            byte[] file;
            if (useGzip && m.random().nextBoolean()) {
                file = gzip(m.mutate(raw, 16));   // a valid stream around a mutated IDX file
            } else {
                file = m.mutate(useGzip ? gz : raw, useGzip ? 40 : 16);
            }
            String what = (useGzip ? "gzip " : "raw ") + m.last();
            Path p = dir.resolve("m" + i + (useGzip ? ".gz" : ""));
            Files.write(p, file);
            Idx.Data d = readGuarded(p, what);
            if (d == null) {
                refused++;
            } else {
                read++;
                byte[] holds = content(file, raw.length * 4);
                ByteBuffer again = ByteBuffer.allocate(4 + 4 * d.dims().length + d.bytes().length).putInt(d.magic());
                for (int v : d.dims()) again.putInt(v);
                again.put(d.bytes());
                assertArrayEquals(holds, again.array(), "accepted a file whose content differs from what was read: " + what);
            }
            Files.delete(p);
        }
        assertTrue(refused > MUTATIONS / 4, "most mutations should be refused: " + refused + " of " + MUTATIONS);
        assertTrue(read > 0, "mutations of data bytes only should still read: " + read);
    }

    /** Reads under a 2 s watchdog; null when refused with a documented exception, fails on anything else. */
    static Idx.Data readGuarded(Path p, String what) {
        return assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                return Idx.read(p, 0);
            } catch (IdxException | Memory.TooLargeException | UncheckedIOException documented) {
                assertTrue(documented.getMessage() != null && !documented.getMessage().isBlank(), "empty message: " + what);
                return null;
            } catch (OutOfMemoryError oom) {
                fail("out of memory on " + what, oom);
                return null;
            } catch (Throwable other) {
                fail("undocumented " + other + " on " + what, other);
                return null;
            }
        }, () -> "more than 2 s on " + what);
    }

    /** ~1 MB of gzip expanding to 784 MB behind a header that declares it: refused by size before inflating. */
    @Test
    void aGzipBombThatDeclaresItsSizeIsRefusedWithoutInflating() throws IOException {
        Path bomb = dir.resolve("bomb-images-idx3-ubyte.gz");
        writeZeros(bomb, new int[] {1_000_000, 28, 28}, 784_000_000L);
        var e = assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                Idx.read(bomb, Idx.IMAGES_MAGIC);
                return null;
            } catch (IllegalArgumentException refused) {
                return refused;
            }
        });
        // refused by the heap check (the usual case) or, for a stream packed near deflate's limit, by the ratio check
        assertTrue(e instanceof Memory.TooLargeException || e instanceof IdxException, String.valueOf(e));
        assertTrue(e.getMessage().contains("[1000000, 28, 28]"), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx") || e.getMessage().contains("gzip expands at most"), e.getMessage());
    }

    /** A small header in front of 784 MB of zeros: the reader stops one byte after the declared data. */
    @Test
    void aGzipBombBehindASmallHeaderStopsAfterTheDeclaredSize() throws IOException {
        Path bomb = dir.resolve("liar.gz");
        writeZeros(bomb, new int[] {10, 28, 28}, 784_000_000L);
        var e = assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                Idx.read(bomb, Idx.IMAGES_MAGIC);
                return null;
            } catch (IdxException refused) {
                return refused;
            }
        });
        assertTrue(e != null && e.getMessage().contains("more data than the header's [10, 28, 28]"), String.valueOf(e));
    }

    /** A gzip file of several members (gzip allows that): the header, then 1 MB members of zeros, each compressed once. */
    private static void writeZeros(Path file, int[] dims, long zeros) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(4 + 4 * dims.length).putInt(Idx.IMAGES_MAGIC);
        for (int d : dims) h.putInt(d);
        byte[] member = gzip(new byte[1 << 20]);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(gzip(h.array()));
            for (long left = zeros; left > 0; left -= 1 << 20) out.write(member);
        }
    }
}
