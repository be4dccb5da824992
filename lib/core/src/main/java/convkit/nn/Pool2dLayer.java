package convkit.nn;

import convkit.pool.Pool;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: each channel is pooled on its own, so x
 * (N, C, H, W) gives (N, C, H2, W2) with {@code H2 = (H - K + 2P)/S + 1}; the stride defaults to
 * the window. No parameters. The two differ only in the {@link PoolSpec.Kind} their spec carries.
 */
public abstract sealed class Pool2dLayer implements Layer, Reusing permits MaxPool2d, AvgPool2d {
    private final PoolSpec spec;
    private Backend backend = Backend.standard();
    private Tensor x;   // the cache: the last forward's input
    private final Workspace out = new Workspace(), dx = new Workspace();

    Pool2dLayer(PoolSpec spec, PoolSpec.Kind kind) {
        if (spec == null || spec.kind() != kind) {
            throw new ShapeException(getClass().getSimpleName() + " needs a PoolSpec of kind " + kind + ", got " + spec);
        }
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        NonFiniteException.requireFiniteInput(x, this);   // called directly; inside a Sequential its input is checked once
        return forward(x, false);
    }

    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
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
        return backward(dOut, reuse, inputGradient, null);
    }

    /** For {@link Sequential}: the backward pass with {@code then} applied to dx as the kernel writes it (a fused ReLU's mask). */
    Tensor backward(Tensor dOut, boolean reuse, boolean inputGradient, convkit.exec.Epilogue then) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward");
        if (!inputGradient) return null;
        return backend.pool().backward(dOut, x, spec, reuse ? dx.get(x.shape()) : null, then);
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        if (in.rank() != 4) {
            throw new ShapeException(this + " got input of shape " + in + ": expects (N, C, H, W)"
                    + (in.rank() == 2 ? ". A flattened (N, features) input? Put pooling before Flatten." : ""));
        }
        try {
            Shape hw = Pool.of(spec).outputShape(in.dim(2), in.dim(3));
            return Shape.of(in.dim(0), in.dim(1), hw.dim(0), hw.dim(1));
        } catch (ShapeException e) {
            throw new ShapeException(this + " got input of shape " + in + ":\n" + e.getMessage());
        }
    }

    @Override
    public void use(Backend backend) {
        java.util.Objects.requireNonNull(backend, "use: backend must not be null; use Backend.standard()");
        this.backend = backend;
    }

    public PoolSpec spec() {
        return spec;
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new Config(spec));
    }

    /** A pooling layer's settings: kind (max or average), window, stride, padding and rounding. */
    public record Config(PoolSpec spec) implements LayerConfig {
        public Config {
            if (spec == null) throw new IllegalArgumentException("Pool2dLayer.Config: spec is null; try PoolSpec.max(2)");
        }

        @Override
        public String type() {
            return spec.kind() == PoolSpec.Kind.MAX ? "MaxPool2d" : "AvgPool2d";
        }

        @Override
        public Layer build() {
            return spec.kind() == PoolSpec.Kind.MAX ? new MaxPool2d(spec) : new AvgPool2d(spec);
        }

        @Override
        public java.util.Map<String, Object> fields() {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("window", spec.window());
            m.put("stride", spec.stride());
            m.put("padding", spec.padding());
            m.put("rounding", spec.rounding().name());
            return m;
        }

        static Config read(String type, LayerConfig.Fields f) {
            return new Config(new PoolSpec(type.equals("MaxPool2d") ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG, f.integer("window"),
                    f.integer("stride"), f.integer("padding"), convkit.conv.Rounding.valueOf(f.text("rounding"))));
        }

        @Override
        public String formula(Shape in, Shape out, long params) {
            return "W2 = (" + in.dim(3) + " - " + spec.window() + " + 2*" + spec.padding() + ")/" + spec.stride() + " + 1 = " + out.dim(3)
                    + "; depth kept (" + in.dim(1) + ")";
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + spec.window() + "x" + spec.window()
                + (spec.stride() == spec.window() ? "" : ", stride " + spec.stride())
                + (spec.padding() == 0 ? "" : ", padding " + spec.padding()) + ")";
    }
}
