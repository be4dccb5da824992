package convkit.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import convkit.train.Evaluation;
import convkit.train.Safetensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ways between ConvKit and the real PyTorch (Debian's python3-torch, run with /usr/bin/python3,
 * installed by ./convkit test): the generated nn.Module with the exported state_dict gives ConvKit's
 * logits, and a state_dict trained by PyTorch (a bare nn.Sequential, no name prefix; F32, F16, BF16)
 * gives ConvKit the accuracy PyTorch reports for it. onnx.checker (python3-onnx) accepts the ONNX files.
 */
class PyTorchRoundTripTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    /** Runs the Python side on a job and returns its JSON result; fails with Python's output when it fails. */
    static JsonObject python(Path job) throws Exception {
        Path script = Path.of(PyTorchRoundTripTest.class.getResource("torch_roundtrip.py").toURI());
        Process p = new ProcessBuilder(PYTHON, script.toString(), job.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = drain(p.getInputStream());
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish in 300 s:\n" + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(PYTHON + " " + script.getFileName() + " exited " + p.exitValue() + " (are python3-torch and"
                    + " python3-numpy installed? ./convkit setup installs them):\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    private static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    static float[] tensor(Path file, String name) {
        var e = Safetensors.read(file).tensors().get(name);
        assertEquals("F32", e.dtype(), file + ": " + name);
        return e.values();
    }

    @Test
    void exportedModuleGivesConvKitsLogitsAndPyTorchTrainedWeightsComeBack() throws Exception {
        var f = TrainedLeNet.get();
        // ConvKit -> PyTorch: the trained LeNet-5, and a model with every layer kind
        PyTorch.Files lenet = PyTorch.export(f.checkpoint(), dir.resolve("lenet5.py"));
        Safetensors.write(dir.resolve("lenet_in.safetensors"), Map.of("x", f.images(TrainedLeNet.COMPARED)), Map.of());
        Sequential every = OnnxRuntimeTest.everyLayer(4);
        every.setTraining(false);
        Tensor everyX = Tensor.randn(convkit.tensor.Shape.of(6, 3, 17, 15), 9);
        PyTorch.Files everyFiles = PyTorch.export(every, every.exampleShape(), null, List.of(), dir.resolve("every.py"));
        Safetensors.write(dir.resolve("every_in.safetensors"), Map.of("x", everyX), Map.of());

        JsonObject job = new JsonObject();
        job.add("logits", JsonParser.parseString("[" + logitsJob(lenet, "lenet_in", "lenet_out", true) + ","
                + logitsJob(everyFiles, "every_in", "every_out", false) + "]"));
        JsonObject train = new JsonObject();
        train.addProperty("module", lenet.module().toString());
        train.addProperty("data", FashionMnist.DEFAULT_DIR.toString());
        train.addProperty("images", TrainedLeNet.TRAIN);
        train.addProperty("out", dir.toString());
        job.add("train", train);
        Path jobFile = dir.resolve("job.json");
        Files.writeString(jobFile, job.toString());
        JsonObject result = python(jobFile);
        System.out.println("PyTorch side: " + result);

        double lenetDiff = TrainedLeNet.maxAbsDiff(f.logits().buffer(), tensor(dir.resolve("lenet_out.safetensors"), "logits"));
        double everyDiff = TrainedLeNet.maxAbsDiff(every.forward(everyX).buffer(), tensor(dir.resolve("every_out.safetensors"), "logits"));
        System.out.printf("PyTorch vs ConvKit: LeNet-5 on %d test images max |logit difference| %.3g; every layer kind %.3g%n",
                TrainedLeNet.COMPARED, lenetDiff, everyDiff);
        assertTrue(lenetDiff <= OnnxRuntimeTest.TOLERANCE, "LeNet-5: " + lenetDiff);
        assertTrue(everyDiff <= OnnxRuntimeTest.TOLERANCE, "every layer kind: " + everyDiff);
        assertArrayEquals(TrainedLeNet.argmax(f.logits().buffer(), 10),
                TrainedLeNet.argmax(tensor(dir.resolve("lenet_out.safetensors"), "logits"), 10), "predicted classes");

        // PyTorch -> ConvKit: the same accuracy on the 10,000 test images as PyTorch reports, for each dtype
        Dataset test = f.test().normalized(FashionMnist.NORMALIZATION);
        for (String variant : new String[] {"f32", "f16", "bf16"}) {
            JsonObject r = result.getAsJsonObject("train").getAsJsonObject(variant);
            Sequential net = Models.lenet5(0);
            Checkpoint.loadWeights(net, Path.of(r.get("file").getAsString()));   // names 0.weight, 3.weight, ...: no prefix
            Evaluation ev = Evaluation.of(net, test, 500);
            long correct = Math.round(ev.accuracy() * ev.total());
            int torchCorrect = r.get("correct").getAsInt();
            net.setTraining(false);
            double diff = TrainedLeNet.maxAbsDiff(net.forward(test.first(TrainedLeNet.COMPARED).images()).buffer(),
                    tensor(dir.resolve("torch_" + variant + "_logits.safetensors"), "logits"));
            System.out.printf("PyTorch-trained state_dict (%s): PyTorch %d / 10000 correct, ConvKit %d; max |logit difference| %.3g%n",
                    variant, torchCorrect, correct, diff);
            assertEquals(10_000, ev.total());
            assertEquals(torchCorrect, correct, variant + ": correct test images");
            assertTrue(torchCorrect > 5000, variant + ": PyTorch's short run learnt something: " + torchCorrect);
            assertTrue(diff <= OnnxRuntimeTest.TOLERANCE, variant + ": " + diff);
        }
    }

    private String logitsJob(PyTorch.Files files, String in, String out, boolean preprocess) {
        JsonObject j = new JsonObject();
        j.addProperty("module", files.module().toString());
        j.addProperty("weights", files.weights().toString());
        j.addProperty("input", dir.resolve(in + ".safetensors").toString());
        j.addProperty("output", dir.resolve(out + ".safetensors").toString());
        j.addProperty("preprocess", preprocess);
        return j.toString();
    }

    @Test
    void onnxCheckerAcceptsTheExports() throws Exception {
        var f = TrainedLeNet.get();
        Onnx.export(f.checkpoint(), dir.resolve("lenet5.onnx"), Onnx.Options.DEFAULT.withSoftmax(true));
        Sequential every = OnnxRuntimeTest.everyLayer(5);
        Onnx.export(every, every.exampleShape(), dir.resolve("every.onnx"));
        Path jobFile = dir.resolve("job.json");
        Files.writeString(jobFile, "{\"onnx\": [\"" + dir.resolve("lenet5.onnx") + "\", \"" + dir.resolve("every.onnx") + "\"]}");
        String checker = python(jobFile).get("onnx_checker").getAsString();
        boolean installed = Files.exists(Path.of("/usr/lib/python3/dist-packages/onnx/__init__.py"));
        System.out.println("onnx.checker: " + checker);
        if (installed) {
            assertTrue(checker.startsWith("passed"), checker);
        } else {
            assertEquals("absent", checker);
            System.out.println("python3-onnx is not installed (./convkit setup installs it): onnx.checker was not run");
        }
    }
}
