package convkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.data.Dataset;
import convkit.data.Normalization;
import convkit.data.Synthetic;
import convkit.nn.Backend;
import convkit.nn.Param;
import convkit.nn.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training on the synthetic bars: small enough for the reference kernels, real enough to learn. */
class TrainerTest {
    static final Dataset TRAIN = Synthetic.bars(640, 12, 1);
    static final Dataset TEST = Synthetic.bars(200, 12, 2);

    @TempDir
    Path dir;

    static Sequential net(long seed) {
        return Sequential.input(1, 12, 12)
                .conv2d(6, 3, ConvSpec.padding(1)).relu().maxPool(2)
                .flatten().dense(4)
                .build(seed);
    }

    static TrainConfig config() {
        return TrainConfig.defaults().withEpochs(3).withBatchSize(32).withLearningRate(0.02).withSeed(7);
    }

    @Test
    void learnsTheBars() {
        var model = net(3);
        var history = new Trainer(model, config()).progress(Progress.silent()).fit(TRAIN, TEST);
        assertEquals(3, history.size());
        assertTrue(history.last().testAccuracy() > 0.9, history.toString());
        assertTrue(history.last().trainLoss() < history.epochs().get(0).trainLoss(), history.toString());
        var eval = Evaluation.of(model, TEST, 50);
        assertEquals(history.last().testAccuracy(), eval.accuracy(), 1e-12);
        assertEquals(200, eval.total());
        assertTrue(eval.toString().contains("anti-diagonal /"), eval.toString());
    }

    /** A model nobody configured gets the config's threads; one the caller configured keeps its backend, and the run says so. */
    @Test
    void theTrainerKeepsTheBackendTheCallerChose() {
        var fresh = net(3);
        var t1 = new Trainer(fresh, config().withThreads(2)).progress(Progress.silent());
        assertEquals(2, t1.backend().threads());

        var chosen = net(3);
        Backend reference = Backend.reference();
        chosen.use(reference);
        var out = new ByteArrayOutputStream();
        var t2 = new Trainer(chosen, config().withEpochs(1).withThreads(2)).progress(Progress.text(new PrintStream(out, true)));
        assertSame(reference, t2.backend());
        t2.fit(TRAIN.first(64), null);
        assertSame(reference, chosen.backend().orElseThrow(), "fit rebound the model");
        String text = out.toString();
        assertTrue(text.startsWith("training on the backend the model was given (1 thread(s)); TrainConfig.threads = 2 is not applied"), text);
    }

    /** The promise of DESIGN.md: the same seed gives the same weights, bit for bit, for 1 and 2 threads. */
    @Test
    void sameSeedSameWeightsForOneAndTwoThreads() {
        var one = net(5);
        var two = net(5);
        var cfg = config().withEpochs(2).withOptimizer(OptimizerKind.MOMENTUM);
        var h1 = new Trainer(one, cfg.withThreads(1)).progress(Progress.silent()).fit(TRAIN, null);
        var h2 = new Trainer(two, cfg.withThreads(2)).progress(Progress.silent()).fit(TRAIN, null);
        List<Param> a = one.params(), b = two.params();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().buffer(), b.get(i).value().buffer(), "parameter " + i + " differs");
        }
        assertEquals(h1.last().trainLoss(), h2.last().trainLoss());
        // and a different seed really gives different weights (the comparison above can fail)
        var other = net(5);
        new Trainer(other, cfg.withSeed(8)).progress(Progress.silent()).fit(TRAIN, null);
        assertTrue(other.params().get(0).value().maxAbsDiff(a.get(0).value()) > 0);
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimiserLowersTheLoss(OptimizerKind kind) {
        double lr = kind == OptimizerKind.ADAM ? 0.02 : kind == OptimizerKind.SGD ? 0.2 : 0.1;
        var cfg = config().withEpochs(2).withOptimizer(kind).withLearningRate(lr).withWeightDecay(1e-4).withSchedule(Schedule.COSINE);
        var h = new Trainer(net(11), cfg).progress(Progress.silent()).fit(TRAIN, TEST);
        assertTrue(h.last().testAccuracy() > 0.6, kind + ": " + h);
        assertTrue(h.last().trainLoss() < Math.log(4), kind + ": " + h);   // log 4 = loss of guessing among 4 classes
    }

    @Test
    void aHugeLearningRateStopsAtTheBatchNamingTheLayerAndKeepsTheSavedCheckpoint() throws Exception {
        var model = net(3);
        Path ckpt = dir.resolve("model.safetensors");
        Trainer.EpochListener save = (stats, m) ->
                new Checkpoint(m, Normalization.NONE, TRAIN.classNames(), Map.of("epoch", "" + stats.epoch())).save(ckpt);
        new Trainer(model, config().withEpochs(1)).progress(Progress.silent()).onEpoch(save).fit(TRAIN, null);
        byte[] saved = Files.readAllBytes(ckpt);

        var cfg = config().withOptimizer(OptimizerKind.SGD).withLearningRate(1e30);
        var stops = new java.util.concurrent.atomic.AtomicInteger();
        Progress watching = new Progress() {
            public void startEpoch(int epoch, int epochs, int batches) {}
            public void batch(int done, double loss, double accuracy) {}
            public void endEpoch(EpochStats stats) {}
            public void stopped() { stops.incrementAndGet(); }
        };
        var e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(model, cfg).progress(watching).onEpoch(save).fit(TRAIN, null));
        assertEquals(1, stops.get(), "the progress display is told once that training stopped, so a bar can close its line");
        assertEquals(1, e.epoch());
        assertTrue(e.batch() >= 2, "the first batch is computed with finite weights: " + e.getMessage());
        assertTrue(e.getMessage().contains("batch " + e.batch() + " of 20"), e.getMessage());
        assertTrue(e.culprit().matches("layer [1-5] of 5 \\(.*\\) (output|weight|bias)"), e.culprit());
        assertTrue(e.getMessage().contains("learning rate 1.00e+30 may be too high"), e.getMessage());
        assertArrayEquals(saved, Files.readAllBytes(ckpt), "the checkpoint saved before the failure changed");
        assertEquals("1", Checkpoint.load(ckpt).info().get("epoch"));
    }

    @Test
    void theFirstNonFiniteLayerIsNamed() {
        var model = net(3);
        var x = TRAIN.batch(new int[] {0, 1}).x();
        assertEquals("none in the layers: the logits are finite but too large for the loss", Trainer.firstNonFinite(model, x));
        ((convkit.nn.Dense) model.get(4)).bias().value().set(Float.POSITIVE_INFINITY, 2);
        assertEquals("layer 5 of 5 (Dense(216 -> 4)) bias", Trainer.firstNonFinite(model, x));
        ((convkit.nn.Conv2d) model.get(0)).weight().value().set(Float.NaN, 1, 0, 1, 1);
        assertEquals("layer 1 of 5 (Conv2d(1 -> 6, 3x3, stride 1, padding 1)) weight", Trainer.firstNonFinite(model, x));
        x.set(Float.NaN, 1, 0, 3, 3);
        assertTrue(Trainer.firstNonFinite(model, x).startsWith("the input batch itself"));
    }

    @Test
    void textProgressPrintsLinesWithoutCarriageReturns() {
        var buf = new ByteArrayOutputStream();
        new Trainer(net(3), config().withEpochs(1)).progress(Progress.text(new PrintStream(buf, true))).fit(TRAIN, TEST);
        String out = buf.toString();
        assertTrue(out.contains("epoch 1/1  50% (10/20 batches)"), out);
        assertTrue(out.contains("epoch 1: loss"), out);
        assertTrue(out.contains("test accuracy"), out);
        assertTrue(!out.contains("\r"), out);
    }

    @Test
    void schedules() {
        assertEquals(1, Schedule.CONSTANT.factor(9, 10));
        assertEquals(1, Schedule.STEP.factor(3, 10));
        assertEquals(0.1, Schedule.STEP.factor(4, 10), 1e-12);
        assertEquals(0.01, Schedule.STEP.factor(9, 10), 1e-12);
        assertEquals(1, Schedule.COSINE.factor(0, 10));
        assertEquals(0.5, Schedule.COSINE.factor(5, 10), 1e-12);
    }
}
