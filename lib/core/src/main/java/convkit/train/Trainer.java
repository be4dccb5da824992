package convkit.train;

import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.exec.Exec;
import convkit.nn.Backend;
import convkit.nn.Layer;
import convkit.nn.NonFiniteException;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Tensor;
import java.util.List;

/**
 * The training loop: for each epoch, shuffle (seeded), and for each mini-batch run forward, the
 * softmax cross-entropy loss, backward and one optimiser step; then evaluate on the test set.
 *
 * <pre>{@code
 * var model = Models.lenet5(42);
 * var history = new Trainer(model, TrainConfig.defaults().withEpochs(3)).fit(train, test);
 * }</pre>
 *
 * <p>Where it computes: a model that was never given a backend ({@link Sequential#use}) is set to
 * the fast kernels on {@link TrainConfig#threads()} threads; a model that was given one keeps it,
 * and if that differs from the config's thread count the run says so in its first line of
 * progress. Either way {@link #backend()} tells which.
 *
 * <p>Divergence stops the run at that step with a {@link TrainingDivergedException} that names
 * the batch, the layer that blew up and a learning rate to try: a NaN or infinite loss or
 * gradient, or a loss ten times its starting value for five batches in a row (see
 * {@code DivergenceGuard}). A non-finite test loss after an epoch stops the run before that
 * epoch's checkpoint is written.
 */
public final class Trainer {
    /**
     * Runs of at least this many images (train set x epochs) first warm the vector kernels up for
     * the JIT ({@link Exec#warmUp()}, ~1-2 s). Measured on 2 cores, LeNet-5 at batch 64: building
     * the model plus the first 400 steps (25,600 images) took 4.8 s with it, 5.9 s without; much
     * shorter runs would only pay for it.
     */
    static final long WARM_UP_FROM = 20_000;

    /**
     * Gives back the heap that the JIT's warm-up made G1 grow: asked after the warm-up, every
     * {@link #HEAP_CHECK_EVERY} batches and at the end of the first epoch (inside its time), in
     * runs that warm up. Until C2 has compiled the vector kernels they run interpreted or in C1
     * and leave 0.6-1.2 GB of short-lived Vector API objects; G1 answers the frequent young
     * collections by growing the heap past its initial size (1/64 of RAM), and eden then touches
     * fresh memory for the rest of the run. A full collection (15-150 ms with Fashion-MNIST's
     * 61 MB of live data) shrinks the heap to a few times the live data. Only when the heap has
     * grown ({@link Exec#shrinkHeapIfGrown()}): each full collection's pause also counts in G1's
     * record of time spent collecting, and three unconditional ones (after the warm-up, its
     * check, the first epoch) made G1 grow the heap to 668 MB in the second epoch of a run.
     */
    static void returnWarmUpGarbage() {
        Exec.shrinkHeapIfGrown();
    }

    /** Batches between two checks of the heap's size (a long run; see {@link #returnWarmUpGarbage()}). */
    static final int HEAP_CHECK_EVERY = 100;

    private final Sequential model;
    private final TrainConfig config;
    private final Optimizer optimizer;
    private Progress progress = Progress.text(System.out);
    private EpochListener listener = (stats, m) -> {};
    /** What the progress is told before the first epoch, or null. */
    private final String note;

    /** Called after each finished epoch, e.g. to save a checkpoint. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(EpochStats stats, Sequential model);
    }

    public Trainer(Sequential model, TrainConfig config) {
        java.util.Objects.requireNonNull(model, "Trainer: the model must not be null");
        java.util.Objects.requireNonNull(config, "Trainer: config must not be null; use TrainConfig.defaults()");
        this.model = model;
        this.config = config;
        this.optimizer = config.createOptimizer();
        Backend given = model.backend().orElse(null);
        if (given == null) {
            model.use(Backend.standard(config.threads()));
            this.note = null;
        } else {
            this.note = given.threads() == config.threads() ? null
                    : "training on the backend the model was given (" + given.threads() + " thread(s));"
                    + " TrainConfig.threads = " + config.threads() + " is not applied";
        }
    }

    /** The kernels and thread budget the model computes on during {@link #fit}. */
    public Backend backend() {
        return model.backend().orElseThrow();
    }

    /** Where progress goes; default {@link Progress#text} on standard output. */
    public Trainer progress(Progress p) {
        this.progress = p;
        return this;
    }

    public Trainer onEpoch(EpochListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Trains for {@link TrainConfig#epochs()} epochs.
     *
     * @param test evaluated after every epoch; may be null
     */
    public History fit(Dataset train, Dataset test) {
        java.util.Objects.requireNonNull(train, "Trainer.fit: the training set must not be null");
        History history = new History();
        var loss = new SoftmaxCrossEntropy();
        var guard = new DivergenceGuard(model, config);
        Dataset.Batcher batcher = train.batcher(); // refills the same batch arrays: no allocation per step
        if (note != null) progress.note(note);
        for (int e = 0; e < config.epochs(); e++) {
            double lr = config.learningRateAt(e);
            List<int[]> batches = Batches.shuffled(train.size(), config.batchSize(), config.seed(), e);
            progress.startEpoch(e + 1, config.epochs(), batches.size());
            long start = System.nanoTime();
            boolean longRun = (long) train.size() * config.epochs() >= WARM_UP_FROM, warmUp = e == 0 && longRun;
            if (warmUp) { // counted in the first epoch's time
                Exec.warmUp();
                returnWarmUpGarbage();
            }
            double lossSum = 0;
            long correct = 0, seen = 0;
            model.setTraining(true);
            try {
                for (int bi = 0; bi < batches.size(); bi++) {
                    var batch = batcher.batch(batches.get(bi));
                    model.zeroGrad();
                    Tensor logits;
                    try {
                        logits = model.forward(batch.x());
                    } catch (NonFiniteException bad) {
                        if (batch.x().firstNonFinite() >= 0) throw bad;   // bad data, not divergence
                        throw guard.forwardFailed(bad, e + 1, bi + 1, batches.size(), batch.x(), lr);
                    }
                    double l = loss.forward(logits, batch.y());
                    guard.checkLoss(l, e + 1, bi + 1, batches.size(), batch.x(), lr);
                    model.accumulateGradients(loss.backward());
                    guard.checkGradients(e + 1, bi + 1, batches.size(), lr);
                    optimizer.step(model.params(), lr);
                    lossSum += l * batch.size();
                    int[] pred = Evaluation.argmaxRows(logits);
                    for (int i = 0; i < pred.length; i++) if (pred[i] == batch.y()[i]) correct++;
                    seen += batch.size();
                    progress.batch(bi + 1, lossSum / seen, correct / (double) seen);
                    if (longRun && bi % HEAP_CHECK_EVERY == HEAP_CHECK_EVERY - 1) returnWarmUpGarbage();
                }
            } catch (RuntimeException | Error stop) {
                progress.stopped();
                throw stop;
            }
            if (warmUp) returnWarmUpGarbage(); // the first epoch's own JIT garbage
            double seconds = (System.nanoTime() - start) / 1e9;
            double testLoss = Double.NaN, testAcc = Double.NaN;
            if (test != null) {
                Evaluation ev = Evaluation.of(model, test, Math.max(config.batchSize(), 256));
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            if (test != null && !Double.isFinite(testLoss)) {
                throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                        "training stopped (diverged): the test loss after epoch %d is %s; the epoch's checkpoint was not written."
                                + "%n  Hint: the learning rate %.3g may be too high (try %.3g).", e + 1, testLoss, lr,
                        DivergenceGuard.suggestedRate(lr, config.optimizer())), e + 1, batches.size(), "the test loss");
            }
            EpochStats stats = new EpochStats(e + 1, lr, lossSum / seen, correct / (double) seen, testLoss, testAcc,
                    seconds, seen / seconds);
            history.add(stats);
            progress.endEpoch(stats);
            listener.epochDone(stats, model);
        }
        return history;
    }

    /** Walks the layers in order: each one's parameters, then its output on {@code x}. */
    static String firstNonFinite(Sequential model, Tensor x) {
        if (x.firstNonFinite() >= 0) return "the input batch itself (at flat position " + x.firstNonFinite() + ")";
        Tensor h = x;
        for (int i = 0; i < model.size(); i++) {
            Layer layer = model.get(i);
            String where = "layer " + (i + 1) + " of " + model.size() + " (" + layer + ")";
            for (Param p : layer.params()) {
                if (p.value().firstNonFinite() >= 0) return where + " " + p.name();
            }
            try {
                h = layer.forward(h);
            } catch (NonFiniteException e) {
                return where + " input";
            }
            if (h.firstNonFinite() >= 0) return where + " output";
        }
        return "none in the layers: the logits are finite but too large for the loss";
    }

    public Sequential model() {
        return model;
    }

    public TrainConfig config() {
        return config;
    }
}
