package convkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] images(int n, int h, int w) {
        byte[] data = new byte[n * h * w];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        return idx(Idx.IMAGES_MAGIC, new int[] {n, h, w}, data);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] raw = images(5, 4, 3);
        Files.write(dir.resolve("a"), raw);
        Files.write(dir.resolve("a.gz"), gzip(raw));
        var a = Idx.read(dir.resolve("a"), Idx.IMAGES_MAGIC);
        var b = Idx.read(dir.resolve("a.gz"), Idx.IMAGES_MAGIC);
        assertArrayEquals(new int[] {5, 4, 3}, a.dims());
        assertArrayEquals(a.bytes(), b.bytes());
        assertEquals((byte) 7, a.bytes()[1]);
    }

    @Test
    void absurdSizesFailFastWithoutAllocating() {
        // 10^9 images of 28x28: 7.8e11 bytes claimed by a 16-byte header
        byte[] header = idx(Idx.IMAGES_MAGIC, new int[] {1_000_000_000, 28, 28}, new byte[0]);
        var e = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(header), "huge", Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("1000000000 x 28"), e.getMessage());
        // under the cap but far larger than the data: fails at the end of the real data
        byte[] liar = idx(Idx.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, new byte[100]);
        var e2 = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(liar), "liar", Idx.IMAGES_MAGIC));
        assertTrue(e2.getMessage().contains("truncated") && e2.getMessage().contains("file has 100"), e2.getMessage());
    }

    @Test
    void wrongMagicAndExtraDataAreNamed() {
        var e = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(idx(Idx.LABELS_MAGIC, new int[] {3}, new byte[3])),
                "labels", Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("expected 2051") && e.getMessage().contains("labels file"), e.getMessage());
        var e2 = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(new byte[] {'P', 'K', 3, 4, 0, 0}), "zip", 0));
        assertTrue(e2.getMessage().contains("not an IDX file"), e2.getMessage());
        byte[] extra = Arrays.copyOf(images(2, 2, 2), 4 + 12 + 8 + 1);
        var e3 = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(extra), "extra", 0));
        assertTrue(e3.getMessage().contains("more data"), e3.getMessage());
    }

    /** Every truncation of a raw and of a gzip file fails with an IdxException, never anything else. */
    @Test
    void everyTruncationFailsClearly() throws IOException {
        byte[] raw = images(3, 5, 4);
        byte[] gz = gzip(raw);
        for (byte[] file : new byte[][] {raw, gz}) {
            for (int len = 0; len < file.length; len++) {
                Path p = dir.resolve("t" + len + (file == gz ? ".gz" : ""));
                Files.write(p, Arrays.copyOf(file, len));
                try {
                    Idx.read(p, Idx.IMAGES_MAGIC);
                    fail("a file cut to " + len + " of " + file.length + " bytes was accepted");
                } catch (IdxException expected) {
                    assertTrue(expected.getMessage().startsWith(p.toString()), expected.getMessage());
                }
            }
        }
    }

    /**
     * Fuzz: 500 files whose header bytes (and sometimes a few data bytes) are overwritten at random.
     * Each either reads with dimensions that account for every byte, or fails with an IdxException.
     */
    @Test
    void mutatedHeadersFailClearlyOrReadConsistently() throws IOException {
        Random r = new Random(2026);
        byte[] good = images(6, 5, 5);
        int accepted = 0, rejected = 0;
        for (int trial = 0; trial < 500; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int pos = r.nextInt(r.nextInt(4) == 0 ? bad.length : 16);
                bad[pos] = r.nextInt(3) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
            }
            byte[] file = r.nextBoolean() ? gzip(bad) : bad;
            try {
                var d = Idx.read(new ByteArrayInputStream(bad), "fuzz" + trial, 0);
                long product = 1;
                for (int v : d.dims()) product *= v;
                assertEquals(product, d.bytes().length);
                assertEquals(bad.length, 4 + 4 * d.dims().length + d.bytes().length);
                accepted++;
            } catch (IdxException expected) {
                rejected++;
            }
            if (file != bad) {
                file[r.nextInt(file.length)] ^= (byte) (1 + r.nextInt(255));   // corrupt the compressed stream too
            }
            Path p = dir.resolve("f" + trial);
            Files.write(p, file);
            try {
                Idx.read(p, 0);
            } catch (IdxException expected) {
                // clear failure is fine
            }
        }
        assertTrue(rejected > 300, "most mutated headers should be rejected, got " + rejected + " of 500");
        assertTrue(accepted > 0, "mutations of data bytes only should still read");
    }

    @Test
    void unsupportedTypeAndRankAreExplained() {
        byte[] floats = images(1, 2, 2);
        floats[2] = 0x0D;
        var e = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(floats), "f", 0));
        assertTrue(e.getMessage().contains("0xd is not supported"), e.getMessage());
        byte[] rank = images(1, 2, 2);
        rank[3] = 9;
        var e2 = assertThrows(IdxException.class, () -> Idx.read(new ByteArrayInputStream(rank), "r", 0));
        assertTrue(e2.getMessage().contains("9 dimensions"), e2.getMessage());
    }
}
