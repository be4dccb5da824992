package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/** {@code y = max(0, x)}, element by element; the gradient passes where {@code x > 0} and stops elsewhere. */
public final class ReLU implements Layer {
    private Cache cache;

    private record Cache(Tensor x) {}

    @Override
    public Tensor forward(Tensor x) {
        cache = new Cache(x);
        float[] in = x.buffer();
        float[] out = new float[in.length];
        for (int k = 0; k < in.length; k++) out[k] = in[k] > 0 ? in[k] : 0f;
        return Tensor.wrap(out, x.shape());
    }

    /** {@code dx = dOut} where {@code x > 0}, else 0. */
    @Override
    public Tensor backward(Tensor dOut) {
        if (cache == null) throw new IllegalStateException("ReLU: backward called before forward");
        float[] in = cache.x().buffer(), g = dOut.buffer();
        float[] dx = new float[in.length];
        for (int k = 0; k < in.length; k++) dx[k] = in[k] > 0 ? g[k] : 0f;
        return Tensor.wrap(dx, dOut.shape());
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
