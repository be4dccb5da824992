package convkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.data.Normalization;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Memory;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import convkit.train.CheckpointException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz of the safetensors checkpoint reader, in the 256 MB-heap execution (see {@link IdxFuzzTest}):
 * 2,400 seeded mutations (bytes anywhere, and numbers inside the JSON header with its length kept
 * valid) of a checkpoint with and without the metadata CRC. Each load either gives back exactly the
 * saved weights (and, with the CRC, the same model, normalisation and classes) or fails with a
 * {@link CheckpointException}, {@link Memory.TooLargeException} or {@link UncheckedIOException};
 * never an out-of-memory, another exception, or more than 2 s.
 */
class CheckpointFuzzTest {
    static final int MUTATIONS = 2400;
    static final Duration PER_FILE = Duration.ofSeconds(2);
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    @TempDir
    Path dir;

    @BeforeAll
    static void onlyUnderTheSmallHeap() {
        assumeTrue(System.getProperty("convkit.fuzz.heap") != null, "the fuzz tests run in their own execution with -Xmx256m");
    }

    static Sequential model() {
        var net = Sequential.input(1, 6, 6).conv2d(2, 3).relu().maxPool(2).flatten().dense(3).build(5);
        for (Param p : net.params()) p.value().addi(Tensor.randn(p.value().shape(), 9).scale(0.1));
        return net;
    }

    /** The header's JSON and the data after it, to rebuild a file with another header. */
    static byte[] withHeader(byte[] file, String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + file.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) out.put((byte) ' ');
        out.put(file, 8 + (int) n, file.length - 8 - (int) n);
        return out.array();
    }

    static String header(byte[] file) {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, (int) n, StandardCharsets.UTF_8).trim();
    }

    @Test
    void mutatedCheckpointsLoadExactlyOrFailWithADocumentedException() throws IOException {
        Sequential net = model();
        Path seedFile = dir.resolve("seed.safetensors");
        new Checkpoint(net, new Normalization(0.25, 0.5), List.of("a", "b", "c"), Map.of("epochs", "3")).save(seedFile);
        byte[] withCrc = Files.readAllBytes(seedFile);
        // the same file as an older ConvKit wrote it, without the metadata CRC: only the weight checks guard it
        byte[] withoutCrc = withHeader(withCrc, header(withCrc).replaceAll(",?\"convkit.meta_crc32\":\"[0-9a-f]+\"", ""));
        assertTrue(!header(withoutCrc).contains("meta_crc32") && header(withCrc).contains("meta_crc32"));
        Checkpoint.load(write(withoutCrc, "plain.safetensors"));   // the seed itself loads

        Mutator m = new Mutator(16);
        int loaded = 0, refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            boolean crc = i % 2 == 0;
            byte[] seed = crc ? withCrc : withoutCrc;
            byte[] file;
            String what;
            if (m.random().nextInt(3) == 0) {
                file = m.mutate(seed, 8 + header(seed).length());
                what = "bytes: " + m.last();
            } else {
                String h = header(seed);
                Matcher num = NUMBER.matcher(h);
                int count = 0;
                while (num.find()) count++;
                int pick = m.random().nextInt(count);
                num.reset();
                for (int k = 0; k <= pick; k++) num.find();
                String[] values = {"0", "-1", "1", "2", "7", "40000", "2147483647", "4294967296", "1e999", "188", "187", "192", "0.5", "1e-300"};
                String v = values[m.random().nextInt(values.length)];
                file = withHeader(seed, h.substring(0, num.start()) + v + h.substring(num.end()));
                what = "number " + h.substring(num.start(), num.end()) + " at " + num.start() + " -> " + v;
            }
            what = (crc ? "[crc] " : "[no crc] ") + what;
            Path p = write(file, "m" + i + ".safetensors");
            Checkpoint back = loadGuarded(p, what);
            if (back == null) {
                refused++;
            } else {
                loaded++;
                List<Param> a = net.params(), b = back.model().params();
                assertEquals(a.size(), b.size(), what);
                for (int k = 0; k < a.size(); k++) {
                    assertArrayEquals(a.get(k).value().buffer(), b.get(k).value().buffer(), "weights differ after " + what);
                }
                if (crc) {
                    assertEquals(net.toString(), back.model().toString(), what);
                    assertEquals(new Normalization(0.25, 0.5), back.normalization(), what);
                    assertEquals(List.of("a", "b", "c"), back.classNames(), what);
                }
            }
            Files.delete(p);
        }
        assertTrue(refused > MUTATIONS / 2, "most mutations should be refused: " + refused + " of " + MUTATIONS);
        assertTrue(loaded > 0, "mutations of unchecked info or padding should still load: " + loaded);
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static Checkpoint loadGuarded(Path p, String what) {
        return assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                return Checkpoint.load(p);
            } catch (CheckpointException | Memory.TooLargeException | UncheckedIOException documented) {
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

    /** The file: an architecture claiming Dense 40000x40000 (6.4 GB of weights) in a small file. */
    @Test
    void anArchitectureLargerThanTheFileIsRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("big.safetensors");
        new Checkpoint(model(), Normalization.NONE, List.of("a", "b", "c"), Map.of()).save(f);
        byte[] file = Files.readAllBytes(f);
        String h = header(file).replaceAll(",?\"convkit.meta_crc32\":\"[0-9a-f]+\"", "")
                .replace("\\\"type\\\":\\\"Dense\\\",\\\"in\\\":8,\\\"out\\\":3", "\\\"type\\\":\\\"Dense\\\",\\\"in\\\":40000,\\\"out\\\":40000");
        assertTrue(h.contains("40000"), h);
        Path bad = write(withHeader(file, h), "dense40000.safetensors");
        var e = assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                Checkpoint.load(bad);
                return null;
            } catch (CheckpointException refused) {
                return refused;
            }
        });
        assertTrue(e != null && e.getMessage().contains("Dense(40000 -> 40000)") && e.getMessage().contains("parameters, more than the 47 float32 weights"),
                String.valueOf(e));
    }

    /** A 2 GB sparse file with a valid-looking 8-byte length: refused from its header, not read whole. */
    @Test
    void aHugeFileIsJudgedByItsHeaderFirst() throws IOException {
        Path f = dir.resolve("sparse.safetensors");
        new Checkpoint(model(), Normalization.NONE, List.of("a", "b", "c"), Map.of()).save(f);
        try (var raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(2L << 30);
        }
        var e = assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                Checkpoint.load(f);
                return null;
            } catch (CheckpointException refused) {
                return refused;
            }
        });
        assertTrue(e != null && e.getMessage().contains("the tensors cover 188 bytes but the data part has"), String.valueOf(e));
    }
}
