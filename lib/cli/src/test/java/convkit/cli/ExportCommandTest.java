package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.filters.Images;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import convkit.train.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export (onnx, pytorch), and eval/predict on a plain state_dict with --architecture, through the command line. */
class ExportCommandTest {
    @TempDir
    static Path dir;
    static Path ckpt;

    /** One small training run for all the tests (each writes files of its own names). */
    @BeforeAll
    static void train() throws IOException {
        CommandsTest.writeIdx(dir, "train", 200, 1);
        CommandsTest.writeIdx(dir, "t10k", 60, 2);
        ckpt = dir.resolve("m.safetensors");
        var r = CommandsTest.run("train", "--data", dir.toString(), "--model", "cnn1", "--epochs", "1", "--batch-size", "20",
                "--threads", "1", "--progress", "none", "-o", ckpt.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void onnxAndPyTorchExports() throws IOException {
        var onnx = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "onnx");
        assertEquals(0, onnx.code(), onnx.err());
        Path file = dir.resolve("m.onnx");
        assertTrue(onnx.out().startsWith("wrote " + file + " (ONNX opset 13, "), onnx.out());
        assertTrue(onnx.out().contains("input  \"input\": float32 (batch, 1, 28, 28), pixels in [0, 1]; the graph normalises them"), onnx.out());
        assertTrue(onnx.out().contains("output \"logits\": float32 (batch, 10)"), onnx.out());
        assertTrue(Files.size(file) > 4 * 15_770, "the weights are inside: " + Files.size(file));

        var probs = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "ONNX", "--softmax", "-o", dir.resolve("p.onnx").toString());
        assertEquals(0, probs.code(), probs.err());
        assertTrue(probs.out().contains("output \"probabilities\""), probs.out());

        var py = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "pytorch", "-o", dir.resolve("cnn1.py").toString());
        assertEquals(0, py.code(), py.err());
        String source = Files.readString(dir.resolve("cnn1.py"));
        assertTrue(source.contains("nn.Conv2d(1, 8, kernel_size=3, padding=1),"), source);
        assertTrue(source.contains("nn.Linear(1568, 10),"), source);
        assertTrue(source.contains("from cnn1 import Model, load_file, preprocess, CLASSES"), source);
        Sequential back = Models.cnnI(5);
        StateDict.load(back, dir.resolve("cnn1_weights.safetensors"));
        Sequential original = Checkpoint.load(ckpt).model();
        for (int i = 0; i < back.params().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(original.params().get(i).value().buffer(), back.params().get(i).value().buffer());
        }
    }

    @Test
    void evalAndPredictReadAPlainStateDictWithArchitecture() throws IOException {
        Path weights = dir.resolve("w.safetensors");
        StateDict.save(Checkpoint.load(ckpt).model(), weights);
        var plain = CommandsTest.run("eval", "--data", dir.toString(), "-c", weights.toString());
        assertEquals(1, plain.code());
        assertTrue(plain.err().contains("is a plain state_dict (weights only, e.g. written by PyTorch), not a ConvKit checkpoint: say which"
                + " model it belongs to with --architecture lenet5"), plain.err());

        var a = CommandsTest.run("eval", "--data", dir.toString(), "-c", ckpt.toString());
        var b = CommandsTest.run("eval", "--data", dir.toString(), "-c", weights.toString(), "--architecture", "cnn1");
        assertEquals(0, b.code(), b.err());
        String accA = a.out().replaceAll("(?s).*(accuracy \\d+\\.\\d+%).*", "$1"), accB = b.out().replaceAll("(?s).*(accuracy \\d+\\.\\d+%).*", "$1");
        assertTrue(accA.startsWith("accuracy "), a.out());
        assertEquals(accA, accB);

        var wrong = CommandsTest.run("eval", "--data", dir.toString(), "-c", weights.toString(), "--architecture", "lenet5");
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("the weights do not fit the model (12 problems)"), wrong.err());
        assertTrue(wrong.err().contains("missing  layers.11.bias, Dense(84 -> 10): expected shape (10), not in the file"), wrong.err());
        assertTrue(wrong.err().contains("extra    layers.4.weight: layer 4 is ReLU, which has no parameters (F32 (10, 1568))"), wrong.err());
        assertTrue(wrong.err().contains("shape    layers.0.weight, Conv2d(1 -> 6, 5x5, stride 1, padding 2): expected (6, 1, 5, 5), found (8, 1, 3, 3)"), wrong.err());

        Tensor img = Tensor.zeros(28, 28);
        for (int i = 4; i < 22; i++) img.set(1, i, 14);
        Path png = dir.resolve("bar.png");
        Images.writeGray(img, png);
        var p1 = CommandsTest.run("predict", "-c", ckpt.toString(), png.toString());
        var p2 = CommandsTest.run("predict", "-c", weights.toString(), "--architecture", "cnn1", "--normalization", "0.286,0.353", png.toString());
        assertEquals(0, p2.code(), p2.err());
        assertEquals(p1.out(), p2.out());
    }

    @Test
    void badExportsSayWhatIsWrong() {
        var fmt = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "tflite");
        assertEquals(1, fmt.code());
        assertTrue(fmt.err().contains("--format must be onnx or pytorch, got \"tflite\""), fmt.err());
        var self = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "onnx", "-o", ckpt.toString());
        assertEquals(1, self.code());
        assertTrue(self.err().contains("is the checkpoint itself"), self.err());
        var name = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "pytorch", "-o", dir.resolve("my-model.py").toString());
        assertEquals(1, name.code());
        assertTrue(name.err().contains("must be a Python module name ending in .py"), name.err());
        var mixed = CommandsTest.run("export", "-c", ckpt.toString(), "--format", "pytorch", "--softmax");
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().contains("--softmax and --without-normalization are for --format onnx"), mixed.err());
    }
}
