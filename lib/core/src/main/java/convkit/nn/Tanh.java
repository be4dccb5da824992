package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/** {@code y = tanh(x)}, element by element; {@code dy/dx = 1 - y^2}. */
public final class Tanh implements Layer {
    private Cache cache;

    private record Cache(Tensor y) {}

    @Override
    public Tensor forward(Tensor x) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        float[] in = x.buffer();
        float[] out = new float[in.length];
        for (int k = 0; k < in.length; k++) out[k] = (float) Math.tanh(in[k]);
        Tensor y = Tensor.wrap(out, x.shape());
        cache = new Cache(y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dOut) {
        if (cache == null) throw new IllegalStateException("Tanh: backward called before forward");
        float[] y = cache.y().buffer(), g = dOut.buffer();
        float[] dx = new float[y.length];
        for (int k = 0; k < y.length; k++) dx[k] = g[k] * (1 - y[k] * y[k]);
        return Tensor.wrap(dx, dOut.shape());
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return in;
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new LayerConfig.Plain("Tanh"));
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
