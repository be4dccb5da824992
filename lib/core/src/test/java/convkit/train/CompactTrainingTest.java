package convkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.data.Dataset;
import convkit.data.FashionMnist;
import convkit.nn.Sequential;
import org.junit.jupiter.api.Test;

/**
 * The Trainer on a compact (8-bit) data set, with its reused batch arrays, computes exactly what
 * it computes on the float copy of the same images with fresh batches: every epoch's losses and
 * accuracies are equal to the last bit. 600 images at batch 64 end every epoch with a batch of 24,
 * so the reused batches switch size twice an epoch.
 */
class CompactTrainingTest {
    static Sequential net() {
        return Sequential.input(1, 28, 28)
                .conv2d(4, 5, ConvSpec.padding(2)).relu().maxPool(2)
                .flatten().dense(10)
                .build(5);
    }

    @Test
    void compactAndFloatDataTrainBitForBitAlike() {
        Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR).first(600).normalized(FashionMnist.NORMALIZATION);
        Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR).first(300).normalized(FashionMnist.NORMALIZATION);
        assertTrue(train.isCompact() && test.isCompact());
        Dataset trainF = new Dataset(train.name(), train.images(), train.labels(), train.classNames());
        Dataset testF = new Dataset(test.name(), test.images(), test.labels(), test.classNames());
        assertFalse(trainF.isCompact());
        var config = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withLearningRate(0.05).withSeed(3);
        History compact = new Trainer(net(), config).progress(Progress.silent()).fit(train, test);
        History floats = new Trainer(net(), config).progress(Progress.silent()).fit(trainF, testF);
        for (int e = 0; e < 2; e++) {
            EpochStats c = compact.epochs().get(e), f = floats.epochs().get(e);
            assertEquals(f.trainLoss(), c.trainLoss(), 0.0, "epoch " + (e + 1) + " train loss");
            assertEquals(f.trainAccuracy(), c.trainAccuracy(), 0.0, "epoch " + (e + 1) + " train accuracy");
            assertEquals(f.testLoss(), c.testLoss(), 0.0, "epoch " + (e + 1) + " test loss");
            assertEquals(f.testAccuracy(), c.testAccuracy(), 0.0, "epoch " + (e + 1) + " test accuracy");
        }
        // and it learned: below the loss of a uniform guess over 10 classes (ln 10 = 2.30), so the equal numbers are not NaNs
        assertTrue(compact.last().trainLoss() < 2.0 && compact.last().testAccuracy() > 0.3, compact.toString());
    }
}
