package convkit.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.data.FashionMnist;
import java.nio.file.Path;

/**
 * The same LeNet-5 run as {@link ConvKitLeNet} on Deep Java Library 0.36 with its PyTorch 2.7.1
 * engine (offline): one epoch at batch 64, SGD lr 0.01 momentum 0.9, the same normalised
 * Fashion-MNIST arrays, then inference over the 10k test images at batch 64. Prints one JSON line.
 *
 * <p>Usage: {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=T -Dai.djl.pytorch.num_interop_threads=1 DjlLeNet T [EPOCHS] [DIR] [TRAIN_LIMIT]}
 */
public final class DjlLeNet {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = args.length > 2 ? Path.of(args[2]) : FashionMnist.DEFAULT_DIR;
        Dataset train = FashionMnist.train(dir).normalized(FashionMnist.NORMALIZATION);
        if (args.length > 3) train = train.first(Integer.parseInt(args[3])); // a smaller run, for smoke tests
        Dataset test = FashionMnist.test(dir).normalized(FashionMnist.NORMALIZATION);
        int batch = ConvKitLeNet.BATCH;

        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(6).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(120).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(84).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());

        String engine;
        double inferSeconds, lastLoss = 0;
        double[] epochSeconds = new double[epochs];
        int correct = 0;
        try (Model model = Model.newInstance("lenet5")) {
            model.setBlock(net);
            engine = model.getNDManager().getEngine().getEngineName() + " " + model.getNDManager().getEngine().getVersion();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) ConvKitLeNet.LR))
                            .optMomentum((float) ConvKitLeNet.MOMENTUM).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 1, 28, 28));
                for (int epoch = 0; epoch < epochs; epoch++) {
                    long start = System.nanoTime();
                    double sum = 0;
                    int count = 0;
                    for (int[] idx : Batches.shuffled(train.size(), batch, ConvKitLeNet.SEED, epoch)) {
                        Dataset.Batch b = train.batch(idx);
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray x = m.create(b.x().buffer(), new Shape(idx.length, 1, 28, 28));
                            NDArray y = m.create(b.y());
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(x));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
                                gc.backward(loss);
                                sum += loss.getFloat();
                                count++;
                            }
                            trainer.step();
                        }
                    }
                    lastLoss = sum / count;
                    epochSeconds[epoch] = (System.nanoTime() - start) / 1e9;
                }

                long inferStart = System.nanoTime();
                for (int[] idx : Batches.inOrder(test.size(), batch)) {
                    Dataset.Batch b = test.batch(idx);
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = m.create(b.x().buffer(), new Shape(idx.length, 1, 28, 28));
                        long[] predicted = trainer.evaluate(new NDList(x)).singletonOrThrow().argMax(1).toLongArray();
                        for (int r = 0; r < idx.length; r++) if (predicted[r] == b.y()[r]) correct++;
                    }
                }
                inferSeconds = (System.nanoTime() - inferStart) / 1e9;
            }
        }
        System.out.println(new Results().put("system", "DJL 0.36 + " + engine).put("model", "lenet5").put("threads", threads).training(epochSeconds, train.size())
                .put("infer_images_per_s", Results.round(test.size() / inferSeconds, 1))
                .put("final_train_loss", Results.round(lastLoss, 4))
                .put("test_accuracy", Results.round(correct / (double) test.size(), 4))
                .put("peak_rss_mb", Results.round(Results.peakRssMb(), 1)).json());
    }
}
