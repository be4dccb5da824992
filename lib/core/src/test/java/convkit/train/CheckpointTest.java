package convkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.conv.ConvSpec;
import convkit.data.FashionMnist;
import convkit.data.Normalization;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    static Sequential trainedLooking(long seed) {
        var net = Sequential.input(1, 12, 12)
                .conv2d(4, 3, ConvSpec.padding(1).withStride(1)).tanh().avgPool(2)
                .conv2d(5, 3, ConvSpec.dilation(2).floor()).sigmoid().maxPool(2)
                .flatten().dropout(0.25, 9).dense(7).relu().dense(3)
                .build(seed);
        for (var p : net.params()) p.value().addi(Tensor.randn(p.value().shape(), seed + 1).scale(0.1));
        return net;
    }

    @Test
    void roundTripReproducesPredictionsExactly() {
        var net = trainedLooking(3);
        Path f = dir.resolve("sub/model.safetensors");
        new Checkpoint(net, new Normalization(0.25, 0.5), java.util.List.of("a", "b", "c"), Map.of("epochs", "4")).save(f);
        var back = Checkpoint.load(f);
        Tensor x = Tensor.randn(Shape.of(5, 1, 12, 12), 1);
        assertArrayEquals(net.predict(x).buffer(), back.model().predict(x).buffer());
        assertEquals(new Normalization(0.25, 0.5), back.normalization());
        assertEquals("c", back.classNames().get(2));
        assertEquals("4", back.info().get("epochs"));
        assertEquals(net.toString(), back.model().toString());
        assertEquals(Shape.of(1, 12, 12), back.model().exampleShape());
        // no temporary file is left beside it
        assertEquals(1, dir.resolve("sub").toFile().list().length);
    }

    @Test
    void theFileIsSafetensors() throws Exception {
        Path f = dir.resolve("lenet.safetensors");
        var net = Models.lenet5(1);
        new Checkpoint(net, FashionMnist.NORMALIZATION, FashionMnist.CLASS_NAMES, Map.of()).save(f);
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[6,1,5,5],\"data_offsets\":[0,600]}"), header);
        assertEquals(8 + n + 4 * net.parameterCount(), b.length);
        // first weight, little-endian float32 right after the header
        float w0 = ByteBuffer.wrap(b, 8 + (int) n, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(net.params().get(0).value().buffer()[0], w0);
    }

    @Test
    void everyTruncationFailsClearly() throws Exception {
        Path f = dir.resolve("m.safetensors");
        new Checkpoint(trainedLooking(1), Normalization.NONE, java.util.List.of("a", "b", "c"), Map.of()).save(f);
        byte[] full = Files.readAllBytes(f);
        for (int len = 0; len < full.length; len += (len < 600 ? 1 : 37)) {
            Path t = dir.resolve("t.safetensors");
            Files.write(t, Arrays.copyOf(full, len));
            var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(t), "cut at " + len);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), len + ": " + e.getMessage());
        }
    }

    @Test
    void corruptBytesAreCaught() throws Exception {
        Path f = dir.resolve("m.safetensors");
        new Checkpoint(trainedLooking(1), Normalization.NONE, java.util.List.of("a", "b", "c"), Map.of()).save(f);
        byte[] full = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(full, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = full.clone();
        data[data.length - 3] ^= 0x10;
        Files.write(f, data);
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("the weights are corrupt (CRC-32"), e.getMessage());
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = full.clone();
            bad[8 + r.nextInt((int) n)] = (byte) r.nextInt(256);
            Files.write(f, bad);
            try {
                Checkpoint.load(f);   // a harmless change (e.g. a space, a digit of the mean) may load
            } catch (CheckpointException ok) {
                // clear failure
            } catch (RuntimeException other) {
                fail("trial " + trial + ": " + other, other);
            }
        }
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedByName() {
        Path f = dir.resolve("lenet.safetensors");
        new Checkpoint(Models.lenet5(1), FashionMnist.NORMALIZATION, FashionMnist.CLASS_NAMES, Map.of()).save(f);
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(1), f));
        assertTrue(e.getMessage().contains("weights for another architecture"), e.getMessage());
        var wider = Sequential.input(1, 28, 28).conv2d(8, 5, ConvSpec.padding(2)).relu().maxPool(2)
                .conv2d(16, 5).relu().maxPool(2).flatten().dense(120).relu().dense(84).relu().dense(10).build(1);
        var e2 = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(wider, f));
        assertTrue(e2.getMessage().contains("layers.0.weight has shape (6, 1, 5, 5) in the file but the model expects (8, 1, 5, 5)"),
                e2.getMessage());
        var e3 = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir.resolve("none.safetensors")));
        assertTrue(e3.getMessage().contains("does not exist"), e3.getMessage());
    }

    /** A custom layer cannot be described in the file: saving says so; its weights still load into a rebuilt model. */
    @Test
    void customLayersAreNamedNotSilentlyDropped() {
        convkit.nn.CustomLayer twice = new convkit.nn.CustomLayer() {
            public Tensor forward(Tensor x) { return x.scale(2); }
            public Tensor backward(Tensor dOut) { return dOut.scale(2); }
            public Shape outputShape(Shape in) { return in; }
            @Override public String toString() { return "Twice"; }
        };
        var net = Sequential.input(1, 4, 4).add(twice).flatten().dense(3).build(1);
        Path f = dir.resolve("custom.safetensors");
        var e = assertThrows(CheckpointException.class,
                () -> new Checkpoint(net, Normalization.NONE, java.util.List.of("a", "b", "c"), Map.of()).save(f));
        assertTrue(e.getMessage().contains("cannot save layer 1 (Twice)") && e.getMessage().contains("loadWeights"), e.getMessage());
        assertTrue(!Files.exists(f));
    }

    @Test
    void savingOverAnExistingFileReplacesIt() {
        Path f = dir.resolve("m.safetensors");
        new Checkpoint(Models.cnnI(1), Normalization.NONE, FashionMnist.CLASS_NAMES, Map.of("v", "1")).save(f);
        new Checkpoint(Models.cnnI(2), Normalization.NONE, FashionMnist.CLASS_NAMES, Map.of("v", "2")).save(f);
        assertEquals("2", Checkpoint.load(f).info().get("v"));
        assertEquals(1, dir.toFile().list().length);
    }
}
