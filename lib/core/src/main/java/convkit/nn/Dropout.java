package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Dropout: in training, each value is zeroed with probability {@code p} and the survivors are
 * scaled by {@code 1/(1-p)} ("inverted" dropout, so evaluation needs no rescaling); in evaluation
 * mode it passes values through. The random masks come from an explicit seed, so a run repeats.
 */
public final class Dropout implements Layer {
    private final double p;
    private final long seed;
    private SplittableRandom rng;
    private boolean training = true;
    private Cache cache;

    /** The mask of the last forward, already scaled: 0 or 1/(1-p). */
    private record Cache(float[] mask) {}

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        float[] in = x.buffer();
        float[] out = new float[in.length];
        if (!training || p == 0) {
            System.arraycopy(in, 0, out, 0, in.length);
            cache = null;
            return Tensor.wrap(out, x.shape());
        }
        float keep = (float) (1 / (1 - p));
        float[] mask = new float[in.length];
        for (int k = 0; k < in.length; k++) {
            mask[k] = rng.nextDouble() < p ? 0f : keep;
            out[k] = in[k] * mask[k];
        }
        cache = new Cache(mask);
        return Tensor.wrap(out, x.shape());
    }

    @Override
    public Tensor backward(Tensor dOut) {
        float[] g = dOut.buffer();
        float[] dx = new float[g.length];
        if (cache == null) {
            System.arraycopy(g, 0, dx, 0, g.length);
        } else {
            for (int k = 0; k < g.length; k++) dx[k] = g[k] * cache.mask()[k];
        }
        return Tensor.wrap(dx, dOut.shape());
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return in;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** Restarts the mask sequence from the seed (with the weights, a fresh run repeats exactly). */
    @Override
    public void initialize(Init init, long ignored) {
        java.util.Objects.requireNonNull(init, "initialize: init must not be null; use Init.HE");
        rng = new SplittableRandom(seed);
    }

    public double p() {
        return p;
    }

    public long seed() {
        return seed;
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new Config(p, seed));
    }

    /** Dropout's settings: the drop probability and the seed of its masks. */
    public record Config(double p, long seed) implements LayerConfig {
        @Override
        public Layer build() {
            return new Dropout(p, seed);
        }
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
