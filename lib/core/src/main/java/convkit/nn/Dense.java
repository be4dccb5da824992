package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.List;

/**
 * A fully-connected layer (全连接层): every output sees every input, {@code M_l * M_{l-1}} weights
 * plus {@code M_l} biases.
 *
 * <pre>{@code
 * y[n][o] = b[o] + sum_i w[o][i] * x[n][i]        x (N, in) -> y (N, out)
 * }</pre>
 */
public final class Dense implements Layer, Reusing {
    private final int in, out;
    private final Param weight, bias;
    private Backend backend = Backend.standard();
    private Tensor x;   // the cache: the last forward's input
    private final Workspace y = new Workspace(), dx = new Workspace(), dw = new Workspace(), db = new Workspace();

    public Dense(int in, int out) {
        Conv2d.positive("in", in);
        Conv2d.positive("out", out);
        this.in = in;
        this.out = out;
        this.weight = new Param("weight", Tensor.zeros(out, in));
        this.bias = new Param("bias", Tensor.zeros(out));
        this.forPart = false;
        initialize(Init.HE, 0);
    }

    /** A copy for one part of a data-parallel step ({@link DataParallel}): the same parameters, its own cache and buffers. */
    private Dense(Dense model) {
        this.in = model.in;
        this.out = model.out;
        this.weight = model.weight;
        this.bias = model.bias;
        this.forPart = true;
    }

    /** True on a part's copy: its backward leaves the parameter gradients to the whole batch and keeps its dOut in {@link #partDOut}. */
    private final boolean forPart;
    Tensor partDOut;

    Dense partCopy() {
        return new Dense(this);
    }

    /** The last forward's input. */
    Tensor input() {
        return x;
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
        if (backend.dense() instanceof FastDense fast) return fast.forward(x, weight.value(), bias.value(), y.get(yShape, reuse));
        return backend.dense().forward(x, weight.value(), bias.value());
    }

    /** {@code dW = dOut^T x}, {@code db = sum over the batch of dOut}, {@code dx = dOut W}. */
    @Override
    public Tensor backward(Tensor dOut) {
        return backward(dOut, false, false, true);
    }

    @Override
    public Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient) {
        if (x == null) throw new IllegalStateException(this + ": backward called before forward");
        if (forPart) partDOut = dOut;
        else addParamGradients(dOut, x);
        if (!inputGradient) return null;
        if (backend.dense() instanceof FastDense fast) return fast.backwardInput(dOut, weight.value(), dx.get(x.shape(), reuse));
        return backend.dense().backwardInput(dOut, weight.value());
    }

    /** dW and db of {@code dOut} for input {@code x}, added into the parameters' gradients. */
    void addParamGradients(Tensor dOut, Tensor x) {
        if (backend.dense() instanceof FastDense fast) {
            weight.grad().addi(fast.backwardWeights(dOut, x, dw.get(weight.value().shape())));
            bias.grad().addi(fast.backwardBias(dOut, db.get(bias.value().shape())));
        } else {
            weight.grad().addi(backend.dense().backwardWeights(dOut, x));
            bias.grad().addi(backend.dense().backwardBias(dOut));
        }
    }

    @Override
    public Shape outputShape(Shape shape) {
        java.util.Objects.requireNonNull(shape, () -> this + ": the input shape must not be null");
        if (shape.rank() != 2) {
            throw new ShapeException(this + " got input of shape " + shape + ": expects (N, " + in + ")"
                    + (shape.rank() == 4 ? ". Feature maps? Put a Flatten before it: (N, C, H, W) -> (N, C*H*W) = (N, "
                    + (shape.size() / shape.dim(0)) + ")." : ""));
        }
        if (shape.dim(1) != in) {
            throw new ShapeException(this + " got input of shape " + shape + ": input has " + shape.dim(1)
                    + " features, layer expects " + in + ". Build it as new Dense(" + shape.dim(1) + ", " + out + ").");
        }
        return Shape.of(shape.dim(0), out);
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void use(Backend backend) {
        java.util.Objects.requireNonNull(backend, "use: backend must not be null; use Backend.standard()");
        this.backend = backend;
    }

    @Override
    public void initialize(Init init, long seed) {
        java.util.Objects.requireNonNull(init, "initialize: init must not be null; use Init.HE");
        init.fill(weight.value(), in, out, seed);
        bias.value().fill(0);
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new Config(in(), out()));
    }

    /** A dense layer's sizes: {@code in} features to {@code out}. */
    public record Config(int in, int out) implements LayerConfig {
        @Override
        public Layer build() {
            return new Dense(in, out);
        }

        @Override
        public String formula(Shape inShape, Shape outShape, long params) {
            return "M_l*M_(l-1) + M_l = " + out + "*" + in + " + " + out + " = " + params;
        }
    }

    @Override
    public String toString() {
        return "Dense(" + in + " -> " + out + ")";
    }
}
