package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.data.Synthetic;
import convkit.filters.Images;
import convkit.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train -> eval -> predict through the command line, on small IDX files written here (bars drawn at 28x28). */
class CommandsTest {
    @TempDir
    Path dir;

    static void writeIdx(Path folder, String split, int n, long seed) throws IOException {
        var d = Synthetic.bars(n, 28, seed);
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        for (float v : d.images().buffer()) img.put((byte) Math.round(Math.max(0, Math.min(1, v)) * 255));
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int y : d.labels()) lab.put((byte) y);
        Files.write(folder.resolve(split + "-images-idx3-ubyte"), img.array());
        Files.write(folder.resolve(split + "-labels-idx1-ubyte"), lab.array());
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            var cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void trainEvalPredict() throws IOException {
        writeIdx(dir, "train", 400, 1);
        writeIdx(dir, "t10k", 100, 2);
        Path ckpt = dir.resolve("out/m.safetensors");
        var train = run("train", "--data", dir.toString(), "--model", "cnn1", "--epochs", "2", "--batch-size", "20",
                "--lr", "0.005", "--threads", "1", "--progress", "text", "-o", ckpt.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("total parameters: 15770"), train.out());
        assertTrue(train.out().contains("epoch 2: loss"), train.out());
        assertTrue(train.out().contains("confusion matrix"), train.out());
        assertTrue(Files.exists(ckpt));

        var eval = run("eval", "--data", dir.toString(), "-c", ckpt.toString());
        assertEquals(0, eval.code(), eval.err());
        String acc = train.out().replaceAll("(?s).*test accuracy (\\d+\\.\\d+)% after.*", "$1");
        assertTrue(eval.out().contains("accuracy " + acc + "%"), "eval should repeat train's " + acc + "%:\n" + eval.out());

        // a vertical bar, light on black like the data: the bars are the first four class names
        Tensor img = Tensor.zeros(28, 28);
        for (int i = 4; i < 22; i++) img.set(1, i, 14);
        Path png = dir.resolve("bar.png");
        Images.writeGray(img, png);
        var predict = run("predict", "-c", ckpt.toString(), "--top", "3", png.toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().startsWith(png + ": "), predict.out());
        assertEquals(4, predict.out().lines().count(), predict.out());
    }

    @Test
    void badInputGivesAMessageNotAStackTrace() {
        var r = run("train", "--data", dir.toString(), "--epochs", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("train: Fashion-MNIST file train-images-idx3-ubyte(.gz) not found in " + dir), r.err());
        var r2 = run("eval", "-c", dir.resolve("nope.safetensors").toString());
        assertEquals(1, r2.code());
        assertTrue(r2.err().contains("does not exist"), r2.err());
        var r3 = run("train", "--optimizer", "rmsprop");
        assertEquals(1, r3.code());
        assertTrue(r3.err().contains("--optimizer must be one of sgd, momentum, nesterov, adam"), r3.err());
    }
}
