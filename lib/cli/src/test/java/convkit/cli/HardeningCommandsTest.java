package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.filters.Images;
import convkit.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on bad runs: a diverging rate, an unusable output path, bad images among good ones, a mismatched checkpoint. */
class HardeningCommandsTest {
    @TempDir
    static Path dir;
    static Path ckpt;

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    @BeforeAll
    static void data() throws IOException {
        CommandsTest.writeIdx(dir, "train", 200, 1);
        CommandsTest.writeIdx(dir, "t10k", 60, 2);
        ckpt = dir.resolve("good.safetensors");
        var r = CommandsTest.run("train", "--data", dir.toString(), "--model", "cnn1", "--epochs", "1", "--batch-size", "20",
                "--lr", "0.005", "--threads", "1", "--progress", "none", "-o", ckpt.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aDivergingLearningRateStopsWithAdviceAndExitsNonZero() {
        Path out = dir.resolve("diverged.safetensors");
        var r = CommandsTest.run("train", "--data", dir.toString(), "--model", "cnn1", "--epochs", "2", "--batch-size", "20",
                "--lr", "1000", "--threads", "1", "--progress", "none", "-o", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        mentions(r.err(), "train: training stopped (diverged)", "epoch 1, batch", "layer ", "may be too high for adam", "--lr 0.001",
                "No checkpoint was written");
        assertFalse(r.err().contains("\tat convkit"), "no stack trace:\n" + r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnusableOutputPathFailsBeforeTheFirstEpoch() throws IOException {
        Path file = Files.write(dir.resolve("a-file"), new byte[1]);
        var r = CommandsTest.run("train", "--data", dir.toString(), "--model", "cnn1", "--epochs", "1", "--threads", "1",
                "--progress", "text", "-o", file.resolve("m.safetensors").toString());
        assertEquals(1, r.code());
        mentions(r.err(), "train: cannot write checkpoint", "a-file is a file, not a folder");
        assertFalse(r.out().contains("epoch 1"), "nothing may be trained first:\n" + r.out());
        var r2 = CommandsTest.run("train", "--data", dir.toString(), "--epochs", "1", "-o", dir.toString());
        assertEquals(1, r2.code());
        mentions(r2.err(), "is a folder");
    }

    @Test
    void predictReportsABadImageAndGoesOn() throws IOException {
        Tensor img = Tensor.zeros(28, 28);
        for (int i = 4; i < 22; i++) img.set(1, i, 14);
        Path good1 = dir.resolve("one.png"), good2 = dir.resolve("two.png");
        Images.writeGray(img, good1);
        Images.writeGray(img, good2);
        Path notImage = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path missing = dir.resolve("missing.png");
        var r = CommandsTest.run("predict", "-c", ckpt.toString(), "--top", "1", good1.toString(), notImage.toString(),
                missing.toString(), good2.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(good1 + ": ") && r.out().contains(good2 + ": "), "both good images are classified:\n" + r.out());
        mentions(r.err(), "predict: " + notImage + ": ", "not an image", "predict: " + missing + ": ", "no such file",
                "2 of 4 images could not be classified");
        var r2 = CommandsTest.run("predict", "-c", ckpt.toString(), "--top", "0", good1.toString());
        assertEquals(1, r2.code());
        mentions(r2.err(), "--top must be at least 1, got 0");
    }

    @Test
    void aCheckpointWithTheWrongNumberOfClassNamesIsRefused() throws IOException {
        byte[] f = Files.readAllBytes(ckpt);
        long n = ByteBuffer.wrap(f, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String h = new String(f, 8, (int) n, StandardCharsets.UTF_8);
        String edited = h.replace(",\\\"Ankle boot\\\"", "").replaceAll(",?\"convkit.meta_crc32\":\"[0-9a-f]+\"", "");
        assertTrue(edited.length() < h.length(), h);
        byte[] json = edited.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + (int) n + f.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(n).put(json);
        while (out.position() < 8 + n) out.put((byte) ' ');
        out.put(f, 8 + (int) n, f.length - 8 - (int) n);
        Path bad = Files.write(dir.resolve("nine-classes.safetensors"), out.array());
        Path png = dir.resolve("x.png");
        Images.writeGray(Tensor.zeros(28, 28), png);
        var r = CommandsTest.run("predict", "-c", bad.toString(), png.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        mentions(r.err(), "predict: ", "gives (1, 10) outputs", "lists 9 class names", "one name per output");
        assertFalse(r.err().contains("ArrayIndexOutOfBounds"), r.err());
    }
}
