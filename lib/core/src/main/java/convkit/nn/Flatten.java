package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * Stretches each example into one row (row-major, as the lecture's 32x32x3 image to 3072x1):
 * (N, C, H, W) gives (N, C*H*W). Backward reshapes the gradient back. No parameters.
 */
public final class Flatten implements Layer, Reusing {
    private Cache cache;

    private record Cache(Shape in) {}

    @Override
    public Tensor forward(Tensor x) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        Shape out = outputShape(x.shape());
        cache = new Cache(x.shape());
        return Tensor.wrap(x.buffer(), out);
    }

    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        return forward(x);
    }

    @Override
    public Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient) {
        return inputGradient ? backward(dOut) : null;
    }

    @Override
    public Tensor backward(Tensor dOut) {
        if (cache == null) throw new IllegalStateException("Flatten: backward called before forward");
        return Tensor.wrap(dOut.buffer(), cache.in());
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return Shape.of(in.dim(0), in.size() / in.dim(0));
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
