package convkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.data.Dataset;
import convkit.data.Normalization;
import convkit.data.Synthetic;
import convkit.nn.CustomLayer;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learning rate far too high stops the run with the batch, the layer and a rate to try; no diverged checkpoint is written. */
class DivergenceTest {
    static final Dataset TRAIN = Synthetic.bars(320, 12, 1);

    @TempDir
    Path dir;

    static Sequential net() {
        return Sequential.input(1, 12, 12).conv2d(4, 3).relu().maxPool(2).flatten().dense(4).build(3);
    }

    static TrainConfig config(OptimizerKind kind, double lr) {
        return TrainConfig.defaults().withEpochs(3).withBatchSize(16).withOptimizer(kind).withLearningRate(lr)
                .withSchedule(Schedule.CONSTANT).withThreads(1);
    }

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    TrainingDivergedException diverge(OptimizerKind kind, double lr, Path ckpt) {
        var model = net();
        return assertThrows(TrainingDivergedException.class, () -> new Trainer(model, config(kind, lr)).progress(Progress.silent())
                .onEpoch((s, m) -> new Checkpoint(m, Normalization.NONE, TRAIN.classNames(), Map.of()).save(ckpt))
                .fit(TRAIN, TRAIN.first(64)));
    }

    @Test
    void adamAtLearningRate1000Stops() {
        Path ckpt = dir.resolve("adam.safetensors");
        var e = diverge(OptimizerKind.ADAM, 1000, ckpt);
        mentions(e.getMessage(), "training stopped (diverged)", "epoch 1, batch " + e.batch() + " of 20", "layer ",
                "learning rate 1.00e+03 may be too high for adam", "try 0.00100", "--lr 0.001");
        assertEquals(1, e.epoch());
        assertTrue(e.culprit().startsWith("layer "), e.culprit());
        assertFalse(Files.exists(ckpt), "no checkpoint of a diverged model may be written");
    }

    @Test
    void sgdAtLearningRate1000Stops() {
        Path ckpt = dir.resolve("sgd.safetensors");
        var e = diverge(OptimizerKind.SGD, 1000, ckpt);
        mentions(e.getMessage(), "training stopped (diverged)", "batch " + e.batch() + " of 20", "for sgd", "try 0.0100");
        assertFalse(Files.exists(ckpt));
    }

    @Test
    void aLossFarAboveItsStartForSeveralBatchesStops() {
        var model = net();
        var guard = new DivergenceGuard(model, config(OptimizerKind.ADAM, 0.5));
        Tensor x = TRAIN.first(4).images();
        guard.checkLoss(2.3, 1, 1, 50, x, 0.5);
        model.params().get(2).value().scalei(1000);   // the Dense weights blow up
        for (int b = 2; b <= 5; b++) guard.checkLoss(40 + b, 1, b, 50, x, 0.5);   // four batches above 23: still going
        guard.checkLoss(2.0, 1, 6, 50, x, 0.5);                                     // back down: the count starts again
        for (int b = 7; b <= 10; b++) guard.checkLoss(1e6, 1, b, 50, x, 0.5);
        var e = assertThrows(TrainingDivergedException.class, () -> guard.checkLoss(1e7, 1, 11, 50, x, 0.5));
        mentions(e.getMessage(), "the loss was above 23.0 (10 times the first batch's 2.30) for 5 batches in a row",
                "batch 11 of 50", "layer 5 of 5 (Dense(100 -> 4)) weight, whose norm grew from", "(x1.00e+03) since the first batch",
                "try 0.00100");
        assertEquals(11, e.batch());
    }

    /** A layer whose backward returns NaN: the gradient check names the layer below it, before the step. */
    @Test
    void aNonFiniteGradientStopsBeforeTheWeightsChange() {
        CustomLayer poison = new CustomLayer() {
            public Tensor forward(Tensor x) { return x.copy(); }
            public Tensor backward(Tensor dOut) { return Tensor.full(Double.NaN, dOut.shape().dims()); }
            public Shape outputShape(Shape in) { return in; }
        };
        var model = Sequential.input(1, 12, 12).conv2d(4, 3).relu().add(poison).maxPool(2).flatten().dense(4).build(3);
        float before = model.params().get(0).value().get(0, 0, 0, 0);
        var e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(model, config(OptimizerKind.SGD, 0.01)).progress(Progress.silent()).fit(TRAIN, null));
        mentions(e.getMessage(), "a gradient became NaN", "batch 1 of 20", "layer 1 of 6 (Conv2d(1 -> 4, 3x3)) weight gradient",
                "the weights were not updated");
        assertEquals(before, model.params().get(0).value().get(0, 0, 0, 0));
        for (Param p : model.params()) assertEquals(-1, p.value().firstNonFinite());
    }

    /** Epoch 1 is good and saved; then the weights blow up: epoch 2 stops and the file still holds epoch 1. */
    @Test
    void theLastGoodCheckpointIsKept() throws java.io.IOException {
        Path ckpt = dir.resolve("kept.safetensors");
        var model = net();
        var e = assertThrows(TrainingDivergedException.class, () -> new Trainer(model, config(OptimizerKind.SGD, 0.01))
                .progress(Progress.silent())
                .onEpoch((s, m) -> {
                    new Checkpoint(m, Normalization.NONE, TRAIN.classNames(), Map.of("epoch", "" + s.epoch())).save(ckpt);
                    for (Param p : m.params()) p.value().scalei(1e30);   // what a far too large step would do
                })
                .fit(TRAIN, null));
        assertEquals(2, e.epoch(), e.getMessage());
        assertEquals("1", Checkpoint.load(ckpt).info().get("epoch"));
        for (Param p : Checkpoint.load(ckpt).model().params()) assertEquals(-1, p.value().firstNonFinite());
    }

    @Test
    void aGoodRateIsNotStopped() {
        var model = net();
        var h = new Trainer(model, config(OptimizerKind.ADAM, 0.01)).progress(Progress.silent()).fit(TRAIN, null);
        assertEquals(3, h.size());
    }
}
