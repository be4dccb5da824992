package convkit.cli;

import convkit.data.FashionMnist;
import convkit.data.Normalization;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.train.Architecture;
import convkit.train.Checkpoint;
import convkit.train.CheckpointException;
import convkit.train.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that let a command read weights without ConvKit's metadata, a plain safetensors
 * {@code state_dict} written by PyTorch: the architecture to load them into and the normalisation
 * the model was trained with. Commands include them with {@code @Mixin}.
 */
final class WeightsOptions {

    @Option(names = "--architecture", paramLabel = "MODEL",
            description = {"For a plain state_dict (e.g. written by PyTorch): the model to load it into, a name (lenet5, cnn1, widecnn),",
                    "a JSON description or a file holding one, e.g. '{\"input\":[1,28,28],\"layers\":[{\"type\":\"Conv2d\",\"out\":6,\"kernel\":5},...]}'."})
    String architecture;

    @Option(names = "--normalization", paramLabel = "MEAN,STD",
            description = "With --architecture: the input normalisation used in training, (x - MEAN) / STD. Default: Fashion-MNIST's, 0.286,0.353.")
    String normalization;

    /** The checkpoint, or the state_dict loaded into --architecture (with Fashion-MNIST's class names when it has 10 outputs). */
    Checkpoint load(Path file) {
        if (architecture == null) {
            if (normalization != null) throw new IllegalArgumentException("--normalization goes with --architecture; a checkpoint stores its own");
            try {
                return Checkpoint.load(file);
            } catch (CheckpointException e) {
                Map<String, String> meta = Safetensors.metadata(file);
                if (meta != null && !meta.containsKey("convkit.format")) {
                    throw new CheckpointException(file + " is a plain state_dict (weights only, e.g. written by PyTorch), not a ConvKit"
                            + " checkpoint: say which model it belongs to with --architecture lenet5 (or cnn1, or a JSON description)", e);
                }
                throw e;
            }
        }
        Sequential model = Architecture.of(architecture);
        Checkpoint.loadWeights(model, file);   // lists every tensor that does not fit
        Map<String, String> meta = Safetensors.metadata(file);
        if (normalization == null && meta != null && meta.containsKey("convkit.format")) {
            Checkpoint stored = Checkpoint.load(file);   // a ConvKit checkpoint knows its own normalisation and classes
            return new Checkpoint(model, stored.normalization(), stored.classNames(), stored.info());
        }
        Normalization norm = normalization == null ? FashionMnist.NORMALIZATION : parseNormalization(normalization);
        Shape out = model.outputShape(model.batchShape(1));
        List<String> classes = new ArrayList<>();
        if (out.rank() == 2 && out.dim(1) == FashionMnist.CLASS_NAMES.size()) {
            classes.addAll(FashionMnist.CLASS_NAMES);
        } else {
            for (int i = 0; i < out.size(); i++) classes.add("class " + i);
        }
        return new Checkpoint(model, norm, classes, Map.of());
    }

    static Normalization parseNormalization(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length != 2) throw new NumberFormatException();
            return new Normalization(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--normalization must be MEAN,STD, e.g. 0.286,0.353, got \"" + text + "\"");
        }
    }
}
