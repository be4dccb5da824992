package convkit.nn;

import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Average pooling (平均池化): each window gives its mean; backward spreads each gradient evenly over
 * its window.
 * Each channel is pooled on its own, so x (N, C, H, W) gives (N, C, H2, W2) with
 * {@code H2 = (H - K + 2P)/S + 1}; the stride defaults to the window. No parameters.
 */
public final class AvgPool2d implements Layer, Reusing {
    private final PoolSpec spec;
    private Backend backend = Backend.standard();
    private Tensor x;   // the cache: the last forward's input
    private final Workspace out = new Workspace(), dx = new Workspace();

    /** Non-overlapping {@code window x window} windows (stride = window, no padding). */
    public AvgPool2d(int window) {
        this(PoolSpec.avg(window));
    }

    public AvgPool2d(int window, int stride, int padding) {
        this(PoolSpec.avg(window).withStride(stride).withPadding(padding));
    }

    public AvgPool2d(PoolSpec spec) {
        if (spec == null || spec.kind() != PoolSpec.Kind.AVG) {
            throw new ShapeException("AvgPool2d needs a PoolSpec of kind AVG, got " + spec);
        }
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, false);
    }

    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        Shape yShape = outputShape(x.shape());
        this.x = x;
        return backend.pool().forward(x, spec, reuse ? out.get(yShape) : null);
    }

    @Override
    public Tensor backward(Tensor dOut) {
        return backward(dOut, false, false, true);
    }

    @Override
    public Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward");
        if (!inputGradient) return null;
        return backend.pool().backward(dOut, x, spec, reuse ? dx.get(x.shape()) : null);
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
        return "AvgPool2d(" + spec.window() + "x" + spec.window()
                + (spec.stride() == spec.window() ? "" : ", stride " + spec.stride())
                + (spec.padding() == 0 ? "" : ", padding " + spec.padding()) + ")";
    }
}
