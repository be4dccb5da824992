package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Stretches each example into one row (row-major, as the lecture's 32x32x3 image to 3072x1):
 * (N, C, H, W) gives (N, C*H*W). Backward reshapes the gradient back. No parameters.
 *
 * <p>Like every layer, its public {@link #forward} and {@link #backward} return new tensors the
 * caller may keep (a copy, since a reshape alone would share the input's values). Inside a
 * {@link Sequential} the output is a view of the previous layer's buffer instead, which only the
 * next layer reads, so training does not copy.
 */
public final class Flatten implements Layer, Reusing {
    private Cache cache;

    private record Cache(Shape in) {}

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, false);
    }

    /** With {@code reuse}, a view of x (Sequential passes it on to the next layer only); else a copy. */
    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        Shape out = outputShape(x.shape());
        cache = new Cache(x.shape());
        return Tensor.wrap(reuse ? x.buffer() : x.buffer().clone(), out);
    }

    @Override
    public Tensor backward(Tensor dOut) {
        return backward(dOut, false, false, true);
    }

    /** A view of dOut only when dOut is the network's own buffer (so a later in-place step cannot touch the caller's). */
    @Override
    public Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient) {
        if (cache == null) throw new IllegalStateException("Flatten: backward called before forward");
        if (!inputGradient) return null;
        if (dOut.size() != cache.in().size()) {
            throw new ShapeException("Flatten backward: dOut has shape " + dOut.shape() + " (" + dOut.size()
                    + " values) but the last forward input " + cache.in() + " has " + cache.in().size());
        }
        return Tensor.wrap(reuse && dOutOwned ? dOut.buffer() : dOut.buffer().clone(), cache.in());
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return Shape.of(in.dim(0), in.size() / in.dim(0));
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new LayerConfig.Plain("Flatten"));
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
