package convkit.cli;

import convkit.interop.Onnx;
import convkit.interop.PyTorch;
import convkit.tensor.Shape;
import convkit.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convkit export}: a checkpoint as an ONNX file or as PyTorch code and weights. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a checkpoint for the engines past ConvKit.",
                "onnx: one .onnx file (opset " + Onnx.OPSET + ", dynamic batch) for ONNX Runtime and other runtimes; it takes the pixels",
                "  in [0, 1] and normalises them inside the graph, and gives logits (or probabilities with --softmax).",
                "pytorch: a Python file defining the nn.Module and its state_dict beside it (NAME.py, NAME_weights.safetensors),",
                "  so that model.load_state_dict(load_file(...)) works with no edits."},
        footer = {"", "Examples:", "  ./convkit export --checkpoint lenet5.safetensors --format onnx --output lenet5.onnx",
                "  ./convkit export --checkpoint lenet5.safetensors --format pytorch --output lenet5.py"})
final class ExportCommand implements Callable<Integer> {

    @Option(names = {"-c", "--checkpoint"}, paramLabel = "FILE", required = true,
            description = "Checkpoint written by convkit train, or a plain state_dict with --architecture.")
    Path checkpoint;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "onnx or pytorch.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "File to write. Default: the checkpoint's name with .onnx, or with .py for pytorch.")
    Path output;

    @Option(names = "--softmax", description = "onnx: end with Softmax, so the output is class probabilities instead of logits.")
    boolean softmax;

    @Option(names = "--without-normalization",
            description = "onnx: leave the normalisation out of the graph; the input is then the normalised image, as the model takes it.")
    boolean withoutNormalization;

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("onnx") && !fmt.equals("pytorch")) {
            throw new IllegalArgumentException("--format must be onnx or pytorch, got \"" + format + "\"");
        }
        if (fmt.equals("pytorch") && (softmax || withoutNormalization)) {
            throw new IllegalArgumentException("--softmax and --without-normalization are for --format onnx; the PyTorch module gives"
                    + " logits and its file has preprocess() for the normalisation");
        }
        Checkpoint ck = weights.load(checkpoint);
        Path out = output != null ? output : defaultOutput(checkpoint, fmt.equals("onnx") ? ".onnx" : ".py");
        if (sameFile(out, checkpoint)) throw new IllegalArgumentException("--output " + out + " is the checkpoint itself; choose another name");
        if (fmt.equals("onnx")) {
            Onnx.Options options = Onnx.Options.DEFAULT.withSoftmax(softmax);
            if (withoutNormalization) options = options.withNormalization(convkit.data.Normalization.NONE);
            Onnx.export(ck, out, options);
            Shape in = ck.model().exampleShape();
            Shape result = ck.model().outputShape(ck.model().batchShape(1));
            System.out.printf(Locale.ROOT, "wrote %s (ONNX opset %d, %,d bytes)%n", out, Onnx.OPSET, size(out));
            System.out.println("  input  \"input\": float32 (batch, " + in.toString().substring(1)
                    + (withoutNormalization ? ", normalised as in training: (x - " + ck.normalization().mean() + ") / " + ck.normalization().std()
                    : ", pixels in [0, 1]; the graph normalises them"));
            System.out.println("  output \"" + (softmax ? "probabilities" : "logits") + "\": float32 (batch, " + result.toString().substring(4));
            System.out.println("run it with ONNX Runtime, e.g. in Python: onnxruntime.InferenceSession(\"" + out.getFileName()
                    + "\").run(None, {\"input\": images})");
        } else {
            if (sameFile(PyTorch.weightsFor(out), checkpoint)) {
                throw new IllegalArgumentException("the weights would go to " + PyTorch.weightsFor(out) + ", the checkpoint itself; choose another --output");
            }
            PyTorch.Files files = PyTorch.export(ck, out);
            String module = out.getFileName().toString().replaceFirst("\\.py$", "");
            System.out.println("wrote " + files.module() + " (the nn.Module) and " + files.weights() + " (its state_dict, "
                    + String.format(Locale.ROOT, "%,d bytes)", size(files.weights())));
            System.out.println("in Python:  from " + module + " import Model, load_file, preprocess");
            System.out.println("            model = Model(); model.load_state_dict(load_file(\"" + files.weights().getFileName() + "\"))");
        }
        return 0;
    }

    static Path defaultOutput(Path checkpoint, String extension) {
        String name = checkpoint.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_]", "_");
        if (extension.equals(".py") && !stem.isEmpty() && Character.isDigit(stem.charAt(0))) stem = "model_" + stem;
        return checkpoint.resolveSibling(stem + extension);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
