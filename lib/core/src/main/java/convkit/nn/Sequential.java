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
    /** {@code -Dconvkit.dataparallel=true}: train on {@link DataParallel} (same bits; off until measured faster). */
    private static boolean dataParallelOn() {
        return "true".equals(System.getProperty("convkit.dataparallel"));
    }
    /**
     * {@code -Dconvkit.fuse=false}: run every ReLU as a layer call of its own, not fused into the
     * convolution before it (forward) and the pooling layer after it (backward). Same bits either
     * way; the switch is for measuring what fusing does. Read per call, so a test can compare both.
     */
    private static boolean fuseOn() {
        return !"false".equals(System.getProperty("convkit.fuse"));
    }
    /** The data-parallel training path (see {@link DataParallel}) once made for the current backend, and whether the last forward took it. */
    private DataParallel dataParallel;
    private boolean dataParallelChecked, dpForward;

    private Sequential(List<Layer> layers, Shape exampleShape) {
        this.layers = List.copyOf(layers);
        this.exampleShape = exampleShape;
        java.util.Set<Layer> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(this.layers);
        this.reuse = distinct.size() == this.layers.size();
    }

    /** The layers in order, weights as the layers were constructed (He, seed 0); see {@link #initialize}. */
    public static Sequential of(Layer... layers) {
        java.util.Objects.requireNonNull(layers, "Sequential.of: layers must not be null");
        if (layers.length == 0) throw new IllegalArgumentException("Sequential.of needs at least one layer");
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) throw new IllegalArgumentException("Sequential.of: layer " + (i + 1) + " is null");
        }
        return new Sequential(List.of(layers), null);
    }

    static {
        ModelWarmUp.register(); // the layers' code joins the background warm-up once a model is built
    }

    /** Starts a builder for examples of shape (channels, height, width). */
    public static Builder input(int channels, int height, int width) {
        return new Builder(Shape.of(channels, height, width));
    }

    /** Starts a builder for examples of the given shape without the batch dimension, e.g. (1, 28, 28). */
    public static Builder input(Shape exampleShape) {
        java.util.Objects.requireNonNull(exampleShape, "Sequential.input: the example shape must not be null; e.g. Shape.of(1, 28, 28) for one-channel 28x28 images");
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
        requireExampleShape(x);
        requireMemory(x);
        // the input is checked here, once; a value that overflows inside shows at the last layer or in the loss
        if (x.firstNonFinite() >= 0) NonFiniteException.requireFiniteInput(x, where(0)); // where(0) only for the message
        dpForward = training && dataParallelOn() && dataParallel() != null && dataParallel.takes(x);
        return dpForward ? dataParallel.forward(x) : forwardLayers(x);
    }

    /** {@link #forward} without the input checks: the layers one after the other on this thread's kernels. */
    Tensor forwardLayers(Tensor x) {
        Tensor h = x;
        boolean owned = false;   // h is a buffer some layer owns
        boolean fromReused = false; // h came from a built-in layer asked to reuse its buffers (nobody else reads it)
        int last = layers.size() - 1;
        boolean fuse = reuse && fuseOn();
        for (int i = 0; i <= last; i++) {
            Layer layer = layers.get(i);
            Tensor in = h;
            try {
                // a convolution followed by a ReLU whose output the next built-in layer reads: the ReLU
                // runs inside the convolution's tasks, on each image's output as it is written (same
                // values as in place afterwards; see convkit.exec.Epilogue)
                if (fuse && i + 2 <= last && layer instanceof Conv2d conv && layers.get(i + 1) instanceof ReLU relu
                        && layers.get(i + 2) instanceof Reusing) {
                    h = conv.forward(h, true, relu.forwardEpilogue());
                    relu.forwardFused(h);
                    owned = fromReused = true;
                    i++;
                    continue;
                }
                // buffers only pass between built-in layers: a custom layer always gets and gives new tensors
                boolean reused = reuse && i < last && layer instanceof Reusing && layers.get(i + 1) instanceof Reusing;
                h = !reused ? layer.forward(h)
                        : owned && fromReused && layer instanceof ReLU relu ? relu.forwardInPlace(h) // one array less
                        : ((Reusing) layer).forward(h, true);
                owned = reused || (owned && h.buffer() == in.buffer());
                fromReused = reused;
            } catch (ShapeException e) {
                throw new ShapeException(where(i) + ": " + e.getMessage());
            } catch (NonFiniteException e) {
                throw new NonFiniteException(where(i) + (i == 0 ? "" : ", after layer " + i + " (" + layers.get(i - 1) + ")")
                        + ": " + e.getMessage());
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
        if (dpForward && dataParallel.hasForward(dOut)) return dataParallel.backward(dOut, inputGradient);
        return backwardLayers(dOut, inputGradient);
    }

    /** {@link #backward} through the layers on this thread's kernels. */
    Tensor backwardLayers(Tensor dOut, boolean inputGradient) {
        Tensor g = dOut;
        boolean owned = false;   // g is a buffer some layer owns (not the caller's dOut, not a custom layer's)
        boolean fuse = reuse && fuseOn();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            Tensor in = g;
            // a pooling layer after a ReLU whose gradient would be computed in place: the pooling
            // layer's tasks apply the ReLU's mask to dx as they write it (the same values)
            if (fuse && i >= 2 && layer instanceof Pool2dLayer pool && layers.get(i - 1) instanceof ReLU relu
                    && layers.get(i - 2) instanceof Reusing) {
                g = pool.backward(g, true, true, relu.backwardEpilogue());
                owned = true;
                i--;
                continue;
            }
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
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
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
        java.util.Objects.requireNonNull(in, "Sequential.summary: the input shape must not be null; pass one batch, e.g. Shape.of(1, 1, 28, 28)");
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

    /**
     * A model built for one input size and given another fails here, saying so, instead of at
     * its first Dense layer with advice to change that layer.
     */
    private void requireExampleShape(Tensor x) {
        if (x == null) { // the message built only now: a regex and a record's toString cost a first call ~0.1 s
            throw new NullPointerException("Sequential.forward: x must not be null; pass a batch "
                    + (exampleShape == null ? "(N, C, H, W)" : batchShape(1).toString().replaceFirst("\\(1", "(N")));
        }
        if (exampleShape == null) return;
        Shape got = x.shape();
        int[] want = exampleShape.dims();
        if (got.rank() == want.length + 1
                && java.util.Arrays.equals(java.util.Arrays.copyOfRange(got.dims(), 1, got.rank()), want)) return;
        String expected = batchShape(1).toString().replaceFirst("\\(1", "(N");
        if (want.length == 3 && want[0] == 1 && got.rank() == 2 && got.dim(0) == want[1] && got.dim(1) == want[2]) {
            throw new ShapeException("this model takes batches " + expected + " but got one (H, W) image " + got
                    + "; reshape it to " + batchShape(1) + ": x.reshape(1, 1, " + want[1] + ", " + want[2] + ")");
        }
        if (got.rank() == want.length && got.equals(exampleShape)) {
            throw new ShapeException("this model takes batches " + expected + " but got one example " + got
                    + " without the batch dimension; reshape it to " + batchShape(1));
        }
        if (got.rank() == want.length + 1 && got.dim(1) == want[0] && want.length == 3) {
            throw new ShapeException("this model was built for " + want[1] + "x" + want[2] + " inputs "
                    + expected + " (Sequential.input" + exampleShape + ") but got " + got.dim(2) + "x" + got.dim(3)
                    + " images " + got + ".\n  Resize or crop the images to " + want[1] + "x" + want[2]
                    + ", or build the model for " + got.dim(2) + "x" + got.dim(3) + " inputs: Sequential.input("
                    + want[0] + ", " + got.dim(2) + ", " + got.dim(3) + ")...");
        }
        throw new ShapeException("this model was built for inputs " + expected + " (Sequential.input" + exampleShape
                + ") but got " + got);
    }

    /**
     * The layers' outputs for this batch live side by side (each layer keeps its input for
     * backward): a batch too large for the heap fails here with the sizes, not with an
     * out-of-memory inside a kernel.
     */
    private void requireMemory(Tensor x) {
        long floats = 0;
        Shape s = x.shape();
        try {
            for (Layer l : layers) {
                s = l.outputShape(s);
                floats += s.size();
            }
        } catch (RuntimeException e) {
            return;   // forward reports a shape that does not fit, layer by layer
        }
        if (floats > (16L << 20)) {
            convkit.tensor.Memory.require(4 * floats, "a forward pass of a batch of " + x.dim(0) + " (" + x.shape() + ") through "
                    + layers.size() + " layers (" + floats + " intermediate values)");
        }
    }

    /** The data-parallel path for this model and backend, made once per {@link #use}, or null where it does not apply (see {@link DataParallel#of}). */
    private DataParallel dataParallel() {
        if (!dataParallelChecked) dataParallel = reuse ? DataParallel.of(layers, backend) : null; // a layer object twice: no copies of it
        dataParallelChecked = true;
        return dataParallel;
    }

    /** Whether the last forward took the data-parallel path (for tests). */
    boolean lastForwardWasDataParallel() {
        return dpForward;
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
        dataParallel = null;
        dataParallelChecked = dpForward = false;
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
        java.util.Objects.requireNonNull(init, "initialize: init must not be null; use Init.HE");
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
            try {
                return add(new Conv2d(current.dim(1), outChannels, kernel, spec));
            } catch (ShapeException e) {
                throw channelsLastHint(e);
            }
        }

        /** Sequential.input(28, 28, 1), the channels-last habit of Keras, fails with the order ConvKit uses. */
        private ShapeException channelsLastHint(ShapeException e) {
            int[] d = exampleShape.dims();
            if (layers.isEmpty() && d.length == 3 && d[2] <= 4 && d[0] > 4 && d[1] > 4) {
                return new ShapeException(e.getMessage() + "\n  Sequential.input" + exampleShape + " reads as C=" + d[0] + " channels of "
                        + d[1] + "x" + d[2] + ": ConvKit is channels-first (C, H, W). For " + d[0] + "x" + d[1] + " images with "
                        + d[2] + " channel" + (d[2] == 1 ? "" : "s") + " use Sequential.input(" + d[2] + ", " + d[0] + ", " + d[1] + ").");
            }
            return e;
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
