package convkit.bench;

import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.exec.Exec;
import convkit.nn.Backend;
import convkit.nn.Models;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Tensor;
import convkit.train.Sgd;
import java.nio.file.Path;
import java.util.List;

/**
 * End to end: LeNet-5 (or the wide CNN) trained on Fashion-MNIST with ConvKit's fast kernels.
 * EPOCHS epochs at batch 64, SGD with momentum (PyTorch's form: v = mu*v + g, w -= lr*v), then
 * inference over the test images at batch 64 and (LeNet-5) again at batch 1,000. Prints one JSON line.
 *
 * <p>Usage: {@code ConvKitLeNet THREADS [EPOCHS] [DATA_DIR] [TRAIN_LIMIT] [MODEL] [TEST_LIMIT]}:
 * MODEL is a name of {@code Models.byName} (lenet5, the default, or widecnn); a limit of 0 means
 * the whole set.
 */
public final class ConvKitLeNet {
    static final int BATCH = 64;
    static final double LR = 0.01, MOMENTUM = 0.9;
    static final long SEED = 1;

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = args.length > 2 ? Path.of(args[2]) : FashionMnist.DEFAULT_DIR;
        // compact data sets (8-bit pixels): normalized maps only the 256 levels, batches get the floats as they are read
        Dataset train = FashionMnist.train(dir).normalized(FashionMnist.NORMALIZATION);
        int trainLimit = args.length > 3 ? Integer.parseInt(args[3]) : 0, testLimit = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String modelName = args.length > 4 ? args[4] : "lenet5";
        if (trainLimit > 0) train = train.first(trainLimit); // a subset: the wide CNN's runs, smoke tests
        Dataset test = FashionMnist.test(dir).normalized(FashionMnist.NORMALIZATION);
        if (testLimit > 0) test = test.first(testLimit);

        // The first epoch's clock starts here: it includes building the model and the one-time JIT warm-up of the vector kernels.
        long firstEpochStart = System.nanoTime();
        Sequential model = Models.byName(modelName, SEED);
        model.use(Backend.standard(threads));
        List<Param> params = model.params();
        Sgd sgd = new Sgd(MOMENTUM, false, 0); // PyTorch's form: v = mu*v + g, w -= lr*v
        Exec.warmUp(); // as convkit.train.Trainer does before a run of this size (after the model and the optimiser exist: their loops register)
        Exec.shrinkHeapIfGrown(); // as Trainer does (Trainer.returnWarmUpGarbage): G1 gives back the heap it grew for the warm-up's garbage
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        Dataset.Batcher batcher = train.batcher(); // as convkit.train.Trainer: the same batch arrays refilled every step
        double lastLoss = 0;
        double[] epochSeconds = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = epoch == 0 ? firstEpochStart : System.nanoTime();
            double sum = 0;
            int count = 0;
            for (int[] idx : Batches.shuffled(train.size(), BATCH, SEED, epoch)) {
                Dataset.Batch b = batcher.batch(idx);
                model.zeroGrad();
                sum += loss.forward(model.forward(b.x()), b.y());
                count++;
                model.accumulateGradients(loss.backward()); // the parameter gradients; dL/dx of the images is not needed
                sgd.step(params, LR);
                if (count % 100 == 0) Exec.shrinkHeapIfGrown(); // as Trainer does, every 100 batches
            }
            if (epoch == 0) Exec.shrinkHeapIfGrown(); // as Trainer does: the first epoch's JIT garbage, inside its time
            lastLoss = sum / count;
            epochSeconds[epoch] = (System.nanoTime() - start) / 1e9;
        }

        model.setTraining(false);
        double[] infer = new double[2];
        double rssBefore1000 = 0;
        int correct = 0;
        int passes = modelName.equals("lenet5") ? 2 : 1; // the wide CNN's activations at batch 1,000 would be ~200 MB a layer
        for (int pass = 0; pass < passes; pass++) { // batch 64, then batch 1,000
            int batch = pass == 0 ? BATCH : 1000;
            correct = 0;
            long inferStart = System.nanoTime();
            Dataset.Batcher testBatcher = test.batcher();
            for (int[] idx : Batches.inOrder(test.size(), batch)) {
                Dataset.Batch b = testBatcher.batch(idx);
                Tensor logits = model.forward(b.x());
                int k = logits.dim(1);
                for (int r = 0; r < idx.length; r++) {
                    int best = 0;
                    for (int j = 1; j < k; j++) if (logits.buffer()[r * k + j] > logits.buffer()[r * k + best]) best = j;
                    if (best == b.y()[r]) correct++;
                }
            }
            infer[pass] = test.size() / ((System.nanoTime() - inferStart) / 1e9);
            if (pass == 0) rssBefore1000 = Results.peakRssMb(); // the batch-1,000 pass allocates its own, larger buffers
        }

        System.out.println(new Results().put("system", "ConvKit").put("model", modelName).put("threads", threads).training(epochSeconds, train.size())
                .put("infer_images_per_s", Results.round(infer[0], 1))
                .put("infer_1000_images_per_s", passes > 1 ? Results.round(infer[1], 1) : 0)
                .put("final_train_loss", Results.round(lastLoss, 4))
                .put("test_accuracy", Results.round(correct / (double) test.size(), 4))
                .put("peak_rss_mb", Results.round(Results.peakRssMb(), 1))
                .put("peak_rss_mb_before_batch_1000", Results.round(rssBefore1000, 1)).json());
    }
}
