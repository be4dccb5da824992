package convkit.train;

import convkit.nn.Layer;
import convkit.nn.NonFiniteException;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * Watches a training run for divergence, so that a learning rate far too high stops the run with
 * advice instead of finishing with a useless model: a non-finite loss, a non-finite gradient
 * (checked before the optimiser step, so the weights stay those of the last good step), or a
 * loss that stays far above where the run started for several batches in a row.
 */
final class DivergenceGuard {
    /** A loss this many times the run's first batch loss counts as "far above". */
    static final double FACTOR = 10;
    /** ... for this many batches in a row. */
    static final int PATIENCE = 5;

    private final Sequential model;
    private final TrainConfig config;
    private double start = Double.NaN;   // the loss of the run's first batch
    private double[] startNorms;          // each parameter's norm at the first batch
    private int above;

    DivergenceGuard(Sequential model, TrainConfig config) {
        this.model = model;
        this.config = config;
    }

    /** After the loss of a batch: non-finite, or far above the start for {@link #PATIENCE} batches. */
    void checkLoss(double loss, int epoch, int batch, int batches, Tensor x, double lr) {
        if (!Double.isFinite(loss)) {
            throw diverged("the loss became " + (Double.isNaN(loss) ? "NaN" : "infinite"), Trainer.firstNonFinite(model, x),
                    epoch, batch, batches, lr, "the model now holds the weights of the previous step");
        }
        if (Double.isNaN(start)) {
            start = loss;
            startNorms = norms();
        }
        above = loss > FACTOR * Math.max(start, 0.5) ? above + 1 : 0;
        if (above >= PATIENCE) {
            throw diverged(String.format(Locale.ROOT, "the loss was above %.3g (%s times the first batch's %.3g) for %d batches in a row,"
                            + " now %.3g", FACTOR * Math.max(start, 0.5), (int) FACTOR, start, PATIENCE, loss),
                    fastestGrowing(), epoch, batch, batches, lr, "the model holds the diverged weights");
        }
    }

    /** After backward, before the optimiser step: a NaN or infinite gradient stops the run with the weights still finite. */
    void checkGradients(int epoch, int batch, int batches, double lr) {
        for (int i = 0; i < model.size(); i++) {
            Layer layer = model.get(i);
            for (Param p : layer.params()) {
                int k = p.grad().firstNonFinite();
                if (k >= 0) {
                    throw diverged("a gradient became " + p.grad().buffer()[k],
                            "layer " + (i + 1) + " of " + model.size() + " (" + layer + ") " + p.name() + " gradient",
                            epoch, batch, batches, lr, "the weights were not updated with it");
                }
            }
        }
    }

    /** A layer refused non-finite input during forward: the previous layer's output blew up. */
    TrainingDivergedException forwardFailed(NonFiniteException e, int epoch, int batch, int batches, Tensor x, double lr) {
        return diverged("a layer's output became non-finite (" + firstLine(e.getMessage()) + ")", Trainer.firstNonFinite(model, x),
                epoch, batch, batches, lr, "the model holds the weights of the previous step");
    }

    private double[] norms() {
        List<Param> ps = model.params();
        double[] n = new double[ps.size()];
        for (int k = 0; k < n.length; k++) n[k] = Math.sqrt(ps.get(k).value().dot(ps.get(k).value()));
        return n;
    }

    /** The parameter whose weights grew most since the first batch (the steps blew them up), with the numbers and its gradient. */
    private String fastestGrowing() {
        String best = "none (no parameters)";
        double bestGrowth = -1;
        double[] now = norms();
        int k = 0;
        for (int i = 0; i < model.size(); i++) {
            Layer layer = model.get(i);
            for (Param p : layer.params()) {
                // biases start at 0, so their growth ratio says nothing: weights are compared
                double growth = p.name().equals("bias") ? 0 : now[k] / Math.max(startNorms[k], 1e-12);
                if (growth > bestGrowth) {
                    bestGrowth = growth;
                    best = String.format(Locale.ROOT, "layer %d of %d (%s) %s, whose norm grew from %.3g to %.3g (x%.3g) since the first batch"
                                    + " (gradient norm now %.3g)", i + 1, model.size(), layer, p.name(), startNorms[k], now[k], growth,
                            Math.sqrt(p.grad().dot(p.grad())));
                }
                k++;
            }
        }
        return best;
    }

    /** A learning rate worth trying: a tenth of this one, and no more than the usual value for the optimiser. */
    static double suggestedRate(double lr, OptimizerKind kind) {
        double usual = kind == OptimizerKind.ADAM ? 0.001 : 0.01;
        return Math.min(lr / 10, usual);
    }

    private TrainingDivergedException diverged(String what, String culprit, int epoch, int batch, int batches, double lr, String state) {
        double suggested = suggestedRate(lr, config.optimizer());
        String msg = String.format(Locale.ROOT,
                "training stopped (diverged): %s at epoch %d, batch %d of %d.%n"
                        + "  Where it blew up: %s.%n"
                        + "  Hint: the learning rate %.3g may be too high for %s (try %.3g, e.g. --lr %s), or the inputs are not normalised.%n"
                        + "  Stopped before saving: %s; checkpoints saved after earlier epochs are unchanged.",
                what, epoch, batch, batches, culprit, lr, config.optimizer().name().toLowerCase(Locale.ROOT), suggested,
                plain(suggested), state);
        return new TrainingDivergedException(msg, epoch, batch, culprit);
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(v, new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
