package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/** {@code y = 1 / (1 + e^-x)}, element by element; {@code dy/dx = y (1 - y)}. */
public final class Sigmoid implements Layer {
    private Cache cache;

    private record Cache(Tensor y) {}

    @Override
    public Tensor forward(Tensor x) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        float[] in = x.buffer();
        float[] out = new float[in.length];
        // written for both signs so e^-x never overflows to infinity
        for (int k = 0; k < in.length; k++) {
            double v = in[k];
            out[k] = (float) (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
        }
        Tensor y = Tensor.wrap(out, x.shape());
        cache = new Cache(y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dOut) {
        if (cache == null) throw new IllegalStateException("Sigmoid: backward called before forward");
        float[] y = cache.y().buffer(), g = dOut.buffer();
        float[] dx = new float[y.length];
        for (int k = 0; k < y.length; k++) dx[k] = g[k] * y[k] * (1 - y[k]);
        return Tensor.wrap(dx, dOut.shape());
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return in;
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new LayerConfig.Plain("Sigmoid"));
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
