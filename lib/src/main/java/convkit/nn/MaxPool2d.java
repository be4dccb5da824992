package convkit.nn;

import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Max pooling (最大池化): each window gives its largest value; backward sends each gradient to the
 * position that won its window.
 * Each channel is pooled on its own, so x (N, C, H, W) gives (N, C, H2, W2) with
 * {@code H2 = (H - K + 2P)/S + 1}; the stride defaults to the window. No parameters.
 */
public final class MaxPool2d implements Layer {
    private final PoolSpec spec;
    private Backend backend = Backend.standard();
    private Cache cache;

    private record Cache(Tensor x) {}

    /** Non-overlapping {@code window x window} windows (stride = window, no padding). */
    public MaxPool2d(int window) {
        this(PoolSpec.max(window));
    }

    public MaxPool2d(int window, int stride, int padding) {
        this(PoolSpec.max(window).withStride(stride).withPadding(padding));
    }

    public MaxPool2d(PoolSpec spec) {
        if (spec == null || spec.kind() != PoolSpec.Kind.MAX) {
            throw new ShapeException("MaxPool2d needs a PoolSpec of kind MAX, got " + spec);
        }
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        outputShape(x.shape());
        cache = new Cache(x);
        return backend.pool().forward(x, spec);
    }

    @Override
    public Tensor backward(Tensor dOut) {
        if (cache == null) throw new IllegalStateException(this + ": backward called before forward");
        return backend.pool().backward(dOut, cache.x(), spec);
    }

    @Override
    public Shape outputShape(Shape in) {
        return PoolShapes.outputShape(this, spec, in);
    }

    @Override
    public void use(Backend backend) {
        this.backend = backend;
    }

    public PoolSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + spec.window() + "x" + spec.window()
                + (spec.stride() == spec.window() ? "" : ", stride " + spec.stride())
                + (spec.padding() == 0 ? "" : ", padding " + spec.padding()) + ")";
    }
}
