package convkit.cli;

import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.nn.Backend;
import convkit.train.Checkpoint;
import convkit.train.Evaluation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convkit eval}: accuracy and confusion matrix of a checkpoint on a data set. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a checkpoint on Fashion-MNIST: accuracy and confusion matrix (rows: true class, columns: predicted).",
        footer = {"", "Example:", "  ./convkit eval --checkpoint lenet5.safetensors"})
final class EvalCommand implements Callable<Integer> {

    @Option(names = {"-c", "--checkpoint"}, paramLabel = "FILE", required = true, description = "Checkpoint written by convkit train, or a plain state_dict with --architecture.")
    Path checkpoint;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the IDX files. Default: $" + FashionMnist.ENV + ", else /usr/share/datasets/fashion-mnist.")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test", description = "test (10,000 images) or train (60,000). Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Images per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels. Default: all processors.")
    Integer threads;

    @Override
    public Integer call() {
        if (!split.equals("test") && !split.equals("train")) {
            throw new IllegalArgumentException("--split must be test or train, got \"" + split + "\"");
        }
        Checkpoint ck = weights.load(checkpoint);
        ck.model().use(Backend.standard(threads != null ? threads : Runtime.getRuntime().availableProcessors()));
        Path dir = FashionMnist.resolveDir(data);
        Dataset set = FashionMnist.load(dir, split.equals("test") ? "t10k" : "train").normalized(ck.normalization());
        System.out.println("checkpoint " + checkpoint + ": " + ck.model());
        System.out.println("data: " + dir + " (" + split + ", " + set.size() + " images)");
        System.out.print(Evaluation.of(ck.model(), set, batchSize));
        return 0;
    }
}
