package convkit.interop;

import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import convkit.train.Progress;
import convkit.train.TrainConfig;
import convkit.train.Trainer;
import java.util.Map;

/**
 * A LeNet-5 trained for real, once per test JVM: one epoch on the first 3,000 Fashion-MNIST training
 * images (Debian's dataset-fashion-mnist, which ./convkit test installs), and ConvKit's own logits
 * for the first 1,000 test images, the reference the runtimes are held to.
 */
final class TrainedLeNet {
    static final int TRAIN = 3_000, COMPARED = 1_000;

    /**
     * @param test      all 10,000 test images, pixels in [0, 1] (not normalised)
     * @param logits    ConvKit's logits for the first {@link #COMPARED} test images, (1000, 10)
     */
    record Fixture(Checkpoint checkpoint, Dataset test, Tensor logits) {
        Sequential model() {
            return checkpoint.model();
        }

        /** The first n test images, raw pixels. */
        Tensor images(int n) {
            return test.first(n).images();
        }
    }

    private static Fixture fixture;

    static synchronized Fixture get() {
        if (fixture == null) {
            var dir = FashionMnist.DEFAULT_DIR;
            Dataset train = FashionMnist.train(dir).first(TRAIN).normalized(FashionMnist.NORMALIZATION);
            Dataset test = FashionMnist.test(dir);
            Sequential net = Models.lenet5(42);
            new Trainer(net, TrainConfig.defaults().withEpochs(1).withThreads(2)).progress(Progress.silent()).fit(train, null);
            net.setTraining(false);
            Tensor logits = net.forward(FashionMnist.NORMALIZATION.apply(test.first(COMPARED).images()));
            fixture = new Fixture(new Checkpoint(net, FashionMnist.NORMALIZATION, FashionMnist.CLASS_NAMES, Map.of("model", "lenet5")),
                    test, logits);
        }
        return fixture;
    }

    /** Largest |a - b| over two tensors of the same size. */
    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** The index of the largest value of each row of an (n, k) array. */
    static int[] argmax(float[] rows, int k) {
        int[] out = new int[rows.length / k];
        for (int r = 0; r < out.length; r++) {
            for (int j = 1; j < k; j++) if (rows[r * k + j] > rows[r * k + out[r]]) out[r] = j;
        }
        return out;
    }

    private TrainedLeNet() {}
}
