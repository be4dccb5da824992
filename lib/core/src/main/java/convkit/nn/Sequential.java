package convkit.nn;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Layers applied one after the other; backward runs them in reverse.
 *
 * <p>Two ways to build one. From layers you construct yourself:
 * <pre>{@code
 * var net = Sequential.of(
 *     new Conv2d(1, 6, 5, ConvSpec.padding(2)), new ReLU(), new MaxPool2d(2),
 *     new Flatten(), new Dense(6 * 14 * 14, 10));
 * net.summary(Shape.of(1, 1, 28, 28));     // checks every layer's shape, prints the table
 * }</pre>
 * Or with the fluent builder, which knows the input shape, fills in input channels and features,
 * and checks each layer as it is added (a wrong layer fails right there, naming it):
 * <pre>{@code
 * var net = Sequential.input(1, 28, 28)
 *     .conv2d(6, 5, ConvSpec.padding(2)).relu().maxPool(2)
 *     .flatten().dense(10)
 *     .build(42);                          // He initialisation from seed 42
 * }</pre>
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final Shape exampleShape;   // (C, H, W) of one example, or null if not known
    /** Intermediate results go into buffers the layers own (false when one layer object appears twice). */
    private final boolean reuse;
    /** The mode last set through {@link #setTraining}: training until told otherwise. */
    private boolean training = true;
    /** The backend last given to {@link #use}, or null: the layers then run on {@link Backend#standard()}. */
    private Backend backend;

    private Sequential(List<Layer> layers, Shape exampleShape) {
        this.layers = List.copyOf(layers);
        this.exampleShape = exampleShape;
        java.util.Set<Layer> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(this.layers);
        this.reuse = distinct.size() == this.layers.size();
    }

    /** The layers in order, weights as the layers were constructed (He, seed 0); see {@link #initialize}. */
    public static Sequential of(Layer... layers) {
        if (layers.length == 0) throw new IllegalArgumentException("Sequential.of needs at least one layer");
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) throw new IllegalArgumentException("Sequential.of: layer " + (i + 1) + " is null");
        }
        return new Sequential(List.of(layers), null);
    }

    /** Starts a builder for examples of shape (channels, height, width). */
    public static Builder input(int channels, int height, int width) {
        return new Builder(Shape.of(channels, height, width));
    }

    /** Starts a builder for examples of the given shape without the batch dimension, e.g. (1, 28, 28). */
    public static Builder input(Shape exampleShape) {
        return new Builder(exampleShape);
    }

    // ------------------------------------------------------------------ forward and backward

    /**
     * Runs the layers in order and returns the last one's output, a new tensor the caller may keep.
     *
     * <p>Buffers: the intermediate results (each layer's output that only the next layer reads) and
     * the intermediate gradients of {@link #backward} live in buffers the built-in layers own and
     * reuse from batch to batch while the shapes stay the same, so a training loop does not
     * allocate. They are overwritten by the next call; what this method and {@link #backward}
     * return is never one of them. A layer's own public {@code forward}/{@code backward}, called
     * directly, always returns a new tensor.
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        boolean owned = false;   // h is a buffer some layer owns
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            Layer layer = layers.get(i);
            Tensor in = h;
            try {
                // buffers only pass between built-in layers: a custom layer always gets and gives new tensors
                boolean reused = reuse && i < last && layer instanceof Reusing && layers.get(i + 1) instanceof Reusing;
                h = reused ? ((Reusing) layer).forward(h, true) : layer.forward(h);
                owned = reused || (owned && h.buffer() == in.buffer());
            } catch (ShapeException e) {
                throw new ShapeException(where(i) + ": " + e.getMessage());
            }
        }
        return owned ? h.copy() : h;   // e.g. a final Flatten is a view of the previous layer's buffer
    }

    /** Runs backward through the layers in reverse; returns dL/dx for the last forward's input (a new tensor). */
    @Override
    public Tensor backward(Tensor dOut) {
        return backward(dOut, true);
    }

    /**
     * The backward pass a training step needs: adds every parameter's gradient into its
     * {@link Param#grad()} exactly as {@link #backward} does, but does not compute dL/dx for the
     * network's input, which nobody uses in training (for LeNet-5 that saves the first conv
     * layer's input gradient).
     */
    public void accumulateGradients(Tensor dOut) {
        backward(dOut, false);
    }

    private Tensor backward(Tensor dOut, boolean inputGradient) {
        Tensor g = dOut;
        boolean owned = false;   // g is a buffer some layer owns (not the caller's dOut, not a custom layer's)
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            Tensor in = g;
            if (reuse && layer instanceof Reusing r) {
                boolean reused = i > 0 && layers.get(i - 1) instanceof Reusing;
                g = r.backward(g, reused, owned && reused, i > 0 || inputGradient);
                if (g == null) return null;
                owned = reused || (owned && g.buffer() == in.buffer());
            } else {
                g = layer.backward(g);
                owned = false;
            }
        }
        return owned ? g.copy() : g;
    }

    /**
     * Class probabilities for a batch, in evaluation mode (no dropout). The mode the network was in
     * before is restored after, so a network the caller put in evaluation mode stays there.
     */
    public Tensor predict(Tensor x) {
        boolean was = training;
        setTraining(false);
        try {
            return SoftmaxCrossEntropy.softmax(forward(x));
        } finally {
            setTraining(was);
        }
    }

    // ------------------------------------------------------------------ shapes

    /**
     * Runs the shape check through every layer.
     *
     * @throws ShapeException naming the first layer (number and kind) that cannot take its input
     */
    @Override
    public Shape outputShape(Shape in) {
        Shape s = in;
        for (int i = 0; i < layers.size(); i++) {
            try {
                s = layers.get(i).outputShape(s);
            } catch (ShapeException e) {
                throw new ShapeException(where(i) + ": " + e.getMessage());
            }
        }
        return s;
    }

    /** Layer, output shape and parameter count of each layer for an input of shape {@code in}, e.g. (1, 1, 28, 28). */
    public Summary summary(Shape in) {
        return Summary.of(this, in);
    }

    /** {@link #summary(Shape)} for one example of the shape the builder was given. */
    public Summary summary() {
        if (exampleShape == null) {
            throw new IllegalStateException("this Sequential was built without an input shape; call summary(Shape.of(1, C, H, W))");
        }
        return summary(batchShape(1));
    }

    /** The shape of one example (C, H, W) if built with {@link #input}, else null. */
    public Shape exampleShape() {
        return exampleShape;
    }

    /** (n, C, H, W) for the example shape. */
    public Shape batchShape(int n) {
        int[] d = exampleShape.dims();
        int[] b = new int[d.length + 1];
        b[0] = n;
        System.arraycopy(d, 0, b, 1, d.length);
        return Shape.of(b);
    }

    private String where(int i) {
        return "layer " + (i + 1) + " of " + layers.size() + " (" + layers.get(i) + ")";
    }

    // ------------------------------------------------------------------ parameters and modes

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.params());
        return Collections.unmodifiableList(all);
    }

    /** Total number of learnable values. */
    public long parameterCount() {
        long n = 0;
        for (Param p : params()) n += p.size();
        return n;
    }

    public void zeroGrad() {
        for (Param p : params()) p.zeroGrad();
    }

    @Override
    public void use(Backend backend) {
        if (backend == null) throw new IllegalArgumentException("use(backend): backend is null; try Backend.standard(threads) or Backend.reference()");
        this.backend = backend;
        for (Layer l : layers) l.use(backend);
    }

    /** The backend given to {@link #use}, or empty if none was: the layers then compute on {@link Backend#standard()}. */
    public java.util.Optional<Backend> backend() {
        return java.util.Optional.ofNullable(backend);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer l : layers) l.setTraining(training);
    }

    /** True in training mode (dropout active, the default), false after {@code setTraining(false)}. */
    public boolean isTraining() {
        return training;
    }

    /** Initialises every layer; layer k gets its own seed drawn from {@code seed}, so the result depends only on it. */
    @Override
    public void initialize(Init init, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (Layer l : layers) l.initialize(init, seeds.nextLong());
    }

    /** {@link #initialize(Init, long)} returning this. */
    public Sequential initialized(Init init, long seed) {
        initialize(init, seed);
        return this;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int size() {
        return layers.size();
    }

    public Layer get(int i) {
        return layers.get(i);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append(i == 0 ? "" : ", ").append(layers.get(i));
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ builder

    /** Adds layers one at a time, checking each against the shape so far. */
    public static final class Builder {
        private final Shape exampleShape;
        private final List<Layer> layers = new ArrayList<>();
        private Shape current;   // (1, ...) batch shape after the layers so far

        private Builder(Shape exampleShape) {
            this.exampleShape = exampleShape;
            int[] d = exampleShape.dims();
            int[] b = new int[d.length + 1];
            b[0] = 1;
            System.arraycopy(d, 0, b, 1, d.length);
            this.current = Shape.of(b);
        }

        /** Appends a layer after checking it takes the current shape. */
        public Builder add(Layer layer) {
            try {
                current = layer.outputShape(current);
            } catch (ShapeException e) {
                throw new ShapeException("layer " + (layers.size() + 1) + " (" + layer + "): " + e.getMessage());
            }
            layers.add(layer);
            return this;
        }

        /** A conv layer whose input channels are those of the current shape. */
        public Builder conv2d(int outChannels, int kernel) {
            return conv2d(outChannels, kernel, ConvSpec.DEFAULT);
        }

        public Builder conv2d(int outChannels, int kernel, ConvSpec spec) {
            if (current.rank() != 4) {
                throw new ShapeException("layer " + (layers.size() + 1) + " (conv2d): the current shape " + current
                        + " is not (N, C, H, W); convolution must come before Flatten");
            }
            return add(new Conv2d(current.dim(1), outChannels, kernel, spec));
        }

        public Builder maxPool(int window) {
            return add(new MaxPool2d(window));
        }

        public Builder avgPool(int window) {
            return add(new AvgPool2d(window));
        }

        public Builder relu() {
            return add(new ReLU());
        }

        public Builder sigmoid() {
            return add(new Sigmoid());
        }

        public Builder tanh() {
            return add(new Tanh());
        }

        public Builder flatten() {
            return add(new Flatten());
        }

        public Builder dropout(double p, long seed) {
            return add(new Dropout(p, seed));
        }

        /** A dense layer whose input features are those of the current (flattened) shape. */
        public Builder dense(int out) {
            if (current.rank() != 2) {
                throw new ShapeException("layer " + (layers.size() + 1) + " (dense): the current shape " + current
                        + " is not (N, features); add flatten() first (it gives (N, " + (current.size() / current.dim(0)) + "))");
            }
            return add(new Dense(current.dim(1), out));
        }

        /** The shape after the layers so far, for a batch of one. */
        public Shape currentShape() {
            return current;
        }

        /** The network, He-initialised from {@code seed}. */
        public Sequential build(long seed) {
            return build(Init.HE, seed);
        }

        public Sequential build(Init init, long seed) {
            if (layers.isEmpty()) throw new IllegalStateException("Sequential builder: add at least one layer before build");
            Sequential s = new Sequential(layers, exampleShape);
            s.initialize(init, seed);
            return s;
        }
    }
}
