package convkit.cli;

import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.train.Checkpoint;
import convkit.train.CheckpointFiles;
import convkit.train.Evaluation;
import convkit.train.History;
import convkit.train.OptimizerKind;
import convkit.train.Progress;
import convkit.train.Schedule;
import convkit.train.TrainConfig;
import convkit.train.Trainer;
import convkit.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convkit train}: trains a model on Fashion-MNIST (or MNIST files) and saves a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on Fashion-MNIST and save it as a checkpoint.",
                "Prints the model summary, progress, one line per epoch, the test accuracy and the confusion matrix.",
                "The checkpoint is rewritten (atomically) after every epoch, so an interrupted run keeps its last finished epoch."},
        footer = {"", "Example:", "  ./convkit train --model lenet5 --epochs 10 --output lenet5.safetensors"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four IDX files (raw or .gz). Default: $" + FashionMnist.ENV + ", else " + "/usr/share/datasets/fashion-mnist.")
    String data;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "lenet5",
            description = "Network: lenet5 (6-16-120-84-10), cnn1 (the lecture's conv -> pool -> fully-connected) or widecnn (conv 32-64-128, slow). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Images per mini-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE", defaultValue = "0.001",
            description = "Base learning rate. Default: ${DEFAULT-VALUE} (suits adam; try 0.01-0.05 for the SGD family).")
    double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "sgd, momentum, nesterov or adam. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9", description = "Momentum of momentum and nesterov. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "0", description = "L2 weight decay on weights (not biases). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "cosine",
            description = "Learning-rate schedule: constant, step (x0.1 every third of the run) or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (results do not depend on it). Default: all processors.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the initial weights and the shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "model.safetensors",
            description = "Checkpoint to write (safetensors). Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training images only (quick tries).")
    Integer limit;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar in a terminal, text lines otherwise), bar, text or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Override
    public Integer call() {
        TrainConfig cfg = new TrainConfig(epochs, batchSize, learningRate, Cli.choice(OptimizerKind.class, "--optimizer", optimizer),
                momentum, weightDecay, Cli.choice(Schedule.class, "--schedule", schedule), seed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        CheckpointFiles.requireWritable(output);   // before an epoch of training, not after it
        Path dir = FashionMnist.resolveDir(data);
        Sequential net = Models.byName(model, seed);
        System.out.println("data: " + dir);
        Dataset train = FashionMnist.train(dir);
        if (limit != null) train = train.first(Math.min(limit, train.size()));
        Dataset test = FashionMnist.test(dir);
        train = train.normalized(FashionMnist.NORMALIZATION);
        test = test.normalized(FashionMnist.NORMALIZATION);
        System.out.println("train: " + train.size() + " images, test: " + test.size() + " images, " + train.classes() + " classes");
        System.out.println("model " + model + ":");
        System.out.print(net.summary());
        System.out.printf(Locale.ROOT, "%s, learning rate %s (%s schedule), %d epochs, batch %d, seed %d, %d threads%n",
                cfg.createOptimizer(), learningRate, cfg.schedule().name().toLowerCase(Locale.ROOT), epochs, batchSize, seed, cfg.threads());

        Map<String, String> info = new LinkedHashMap<>();
        info.put("model", model);
        info.put("config", cfg.toString());
        Trainer trainer = new Trainer(net, cfg).progress(progress(progress)).onEpoch((stats, m) -> {
            info.put("epochs", Integer.toString(stats.epoch()));
            info.put("test_accuracy", Double.toString(stats.testAccuracy()));
            new Checkpoint(m, FashionMnist.NORMALIZATION, FashionMnist.CLASS_NAMES, info).save(output);
        });
        long start = System.nanoTime();
        History h;
        try {
            h = trainer.fit(train, test);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(e.getMessage() + System.lineSeparator() + "  "
                    + (e.epoch() > 1 ? "The last good checkpoint, after epoch " + (e.epoch() - 1) + ", is " + output.toAbsolutePath() + "."
                    : "No checkpoint was written (the run diverged in its first epoch)."), e.epoch(), e.batch(), e.culprit());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation ev = Evaluation.of(net, test, 256);
        System.out.println();
        System.out.print("test set: " + ev);
        System.out.printf(Locale.ROOT, "%ntest accuracy %.2f%% after %d epochs; training took %.1f s (%.1f min, %.0f s per epoch incl. evaluation)%n",
                100 * ev.accuracy(), h.size(), seconds, seconds / 60, seconds / h.size());
        System.out.println("checkpoint: " + output.toAbsolutePath());
        return 0;
    }

    static Progress progress(String mode) {
        switch (mode) {
            case "auto":
                return ProgressBars.auto();
            case "bar":
                return ProgressBars.bar(System.err);
            case "text":
                return Progress.text(System.out);
            case "none":
                return Progress.silent();
            default:
                throw new IllegalArgumentException("--progress must be auto, bar, text or none, got \"" + mode + "\"");
        }
    }
}
