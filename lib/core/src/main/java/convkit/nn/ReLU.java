package convkit.nn;

import convkit.exec.Epilogue;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/** {@code y = max(0, x)}, element by element; the gradient passes where {@code x > 0} and stops elsewhere. */
public final class ReLU implements Layer, Reusing {
    static {
        ReluLoops.registerWarmUp(); // a ReLU layer exists: its vector loops are worth warming up
    }

    private Exec exec = Exec.defaults();
    private Tensor x;   // the cache: the last forward's input (or, computed in place, its output: positive at the same places)
    private final Workspace out = new Workspace(), grad = new Workspace();
    // made once (a training step allocates nothing); the loops are picked per range, as each layer call does (same bits)
    private final Epilogue forwardEpilogue = (values, from, to) -> ReluLoops.kernels(exec).relu(values, values, from, to);
    private final Epilogue backwardEpilogue = (values, from, to) -> ReluLoops.kernels(exec).reluBackward(x.buffer(), values, values, from, to);

    @Override
    public Tensor forward(Tensor x) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        return forward(x, false);
    }

    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        this.x = x;
        Tensor y = out.get(x.shape(), reuse);
        ReluLoops.relu(exec, x.buffer(), y.buffer(), x.size());
        return y;
    }

    /**
     * For {@link Sequential}: in place on a buffer of the network's (the output of the built-in
     * layer before, read by nobody else): one array less to write and to keep. Backward then masks with the output, which is {@code > 0}
     * exactly where the input was.
     */
    Tensor forwardInPlace(Tensor x) {
        this.x = x;
        ReluLoops.relu(exec, x.buffer(), x.buffer(), x.size());
        return x;
    }

    /**
     * For {@link Sequential}: this layer's forward pass as an epilogue of the layer before (a
     * convolution applies it to its output as it writes it; {@link #forwardFused} then records
     * that output). Same values as {@link #forwardInPlace} on the finished output.
     */
    Epilogue forwardEpilogue() {
        return forwardEpilogue;
    }

    /** The forward pass was done by {@link #forwardEpilogue} on {@code y}, the output: backward masks with it. */
    void forwardFused(Tensor y) {
        this.x = y;
    }

    /**
     * For {@link Sequential}: this layer's backward pass as an epilogue of the layer after it (a
     * pooling layer applies the mask to dx as it writes it, dx being then this layer's dOut and
     * result at once). Same values as {@link #backward} in place.
     */
    Epilogue backwardEpilogue() {
        if (x == null) throw new IllegalStateException("ReLU: backward called before forward");
        return backwardEpilogue;
    }

    /** {@code dx = dOut} where {@code x > 0}, else 0. */
    @Override
    public Tensor backward(Tensor dOut) {
        return backward(dOut, false, false, true);
    }

    @Override
    public Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient) {
        if (x == null) throw new IllegalStateException("ReLU: backward called before forward");
        if (!inputGradient) return null;
        Tensor dx = dOutOwned ? dOut : grad.get(dOut.shape(), reuse); // in place when dOut is the network's own buffer
        ReluLoops.reluBackward(exec, x.buffer(), dOut.buffer(), dx.buffer(), x.size());
        return dx;
    }

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        return in;
    }

    @Override
    public void use(Backend backend) {
        java.util.Objects.requireNonNull(backend, "use: backend must not be null; use Backend.standard()");
        this.exec = backend.exec();
    }

    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new LayerConfig.Plain("ReLU"));
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
