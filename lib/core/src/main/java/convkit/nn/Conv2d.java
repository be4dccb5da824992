package convkit.nn;

import convkit.conv.ConvSpec;
import convkit.conv.OutputSize;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.List;

/**
 * A convolutional layer (卷积层): {@code outChannels} filters of size {@code k x k x inChannels},
 * each with a bias, slid over the input with stride S, zero padding P and dilation D. As in every
 * deep-learning library the "convolution" is a cross-correlation (互相关, no kernel flip); the
 * flip would be learned into the weights anyway.
 *
 * <pre>{@code
 * y[n][f][i][j] = b[f] + sum_c sum_u sum_v w[f][c][u][v] * x[n][c][i*S + u*D - P][j*S + v*D - P]
 * H2 = (H1 - F + 2P)/S + 1      parameters = (F*F*D1)*K + K
 * }</pre>
 * x (N, C, H, W) gives y (N, K, H2, W2). The lecture's example: 32x32x3 input, ten 5x5 filters,
 * padding 2 gives 32x32x10 and 760 parameters: {@code new Conv2d(3, 10, 5, ConvSpec.padding(2))}.
 */
public final class Conv2d implements Layer, Reusing {
    private final int inChannels, outChannels, kernel;
    private final ConvSpec spec;
    private final Param weight;
    private final Param bias;   // null without bias
    private Backend backend = Backend.standard();
    private Tensor x;   // the cache: what backward needs from forward, the input batch
    private final Workspace out = new Workspace(), dx = new Workspace(), dw = new Workspace(), db = new Workspace();

    /** {@code outChannels} filters of {@code kernel x kernel}, stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvSpec.DEFAULT, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, ConvSpec spec) {
        this(inChannels, outChannels, kernel, spec, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, ConvSpec spec, boolean bias) {
        positive("inChannels", inChannels);
        positive("outChannels", outChannels);
        positive("kernel", kernel);
        if (spec == null) throw new ShapeException("Conv2d: spec must not be null; use ConvSpec.DEFAULT for stride 1, no padding");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.spec = spec;
        this.weight = new Param("weight", Tensor.zeros(outChannels, inChannels, kernel, kernel));
        this.bias = bias ? new Param("bias", Tensor.zeros(outChannels)) : null;
        this.forPart = false;
        initialize(Init.HE, 0);
    }

    /** A copy for one part of a data-parallel step ({@link DataParallel}): the same parameters, its own cache and buffers. */
    private Conv2d(Conv2d model) {
        this.inChannels = model.inChannels;
        this.outChannels = model.outChannels;
        this.kernel = model.kernel;
        this.spec = model.spec;
        this.weight = model.weight;
        this.bias = model.bias;
        this.forPart = true;
    }

    /** True on a part's copy: its backward leaves the parameter gradients to the whole batch and keeps its dOut in {@link #partDOut}. */
    private final boolean forPart;
    Tensor partDOut;

    Conv2d partCopy() {
        return new Conv2d(this);
    }

    /** The last forward's input. */
    Tensor input() {
        return x;
    }

    // ------------------------------------------------------------------ forward and backward

    @Override
    public Tensor forward(Tensor x) {
        NonFiniteException.requireFiniteInput(x, this);   // called directly; inside a Sequential its input is checked once
        return forward(x, false);
    }

    @Override
    public Tensor forward(Tensor x, boolean reuse) {
        return forward(x, reuse, null);
    }

    /** For {@link Sequential}: the forward pass with {@code then} applied to the output as the kernel writes it (a fused ReLU). */
    Tensor forward(Tensor x, boolean reuse, convkit.exec.Epilogue then) {
        java.util.Objects.requireNonNull(x, () -> this + ": input x must not be null");
        Shape yShape = outputShape(x.shape());
        this.x = x;
        return backend.conv().forward(x, weight.value(), bias == null ? null : bias.value(), spec, reuse ? out.get(yShape) : null, then);
    }

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
        return backend.conv().backwardInput(dOut, weight.value(), x.shape(), spec, reuse ? dx.get(x.shape()) : null);
    }

    /** dW and db of {@code dOut} for input {@code x}, added into the parameters' gradients. */
    void addParamGradients(Tensor dOut, Tensor x) {
        Shape wShape = weight.value().shape();
        Tensor gw = dw.get(wShape), gb = bias == null ? null : db.get(bias.value().shape());
        backend.conv().backwardParams(dOut, x, wShape, spec, gw, gb); // both from one pass on the fast path
        weight.grad().addi(gw);
        if (bias != null) bias.grad().addi(gb);
    }

    // ------------------------------------------------------------------ shapes and parameters

    @Override
    public Shape outputShape(Shape in) {
        java.util.Objects.requireNonNull(in, () -> this + ": the input shape must not be null");
        if (in.rank() != 4) {
            throw new ShapeException(this + " got input of shape " + in + ": expects (N, C=" + inChannels + ", H, W)"
                    + (in.rank() == 2 ? ". A flattened (N, features) input? Put Conv2d before Flatten." : ""));
        }
        if (in.dim(1) != inChannels) {
            throw new ShapeException(this + " got input of shape " + in + ": input has C=" + in.dim(1)
                    + " channel" + (in.dim(1) == 1 ? "" : "s") + ", layer expects " + inChannels + ".\n"
                    + "  The kernel depth must equal the input depth (卷积核深度应该与输入一致): build it as new Conv2d("
                    + in.dim(1) + ", " + outChannels + ", " + kernel + (spec.equals(ConvSpec.DEFAULT) ? "" : ", ...") + ").");
        }
        try {
            return OutputSize.conv2d(in, weight.value().shape(), spec);
        } catch (ShapeException e) {
            throw new ShapeException(this + " got input of shape " + in + ":\n" + e.getMessage());
        }
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void use(Backend backend) {
        java.util.Objects.requireNonNull(backend, "use: backend must not be null; use Backend.standard()");
        this.backend = backend;
    }

    @Override
    public void initialize(Init init, long seed) {
        java.util.Objects.requireNonNull(init, "initialize: init must not be null; use Init.HE");
        init.fill(weight.value(), inChannels * kernel * kernel, outChannels * kernel * kernel, seed);
        if (bias != null) bias.value().fill(0);
    }

    public Param weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Param bias() {
        return bias;
    }

    public boolean hasBias() {
        return bias != null;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public ConvSpec spec() {
        return spec;
    }

    /** The layer as plain values: {@code new Conv2d(config.in(), config.out(), config.kernel(), config.spec(), config.bias())}. */
    @Override
    public java.util.Optional<LayerConfig> config() {
        return java.util.Optional.of(new Config(inChannels(), outChannels(), kernel(), spec(), hasBias()));
    }

    /**
     * A conv layer's settings: {@code in} input channels, {@code out} filters of {@code kernel x kernel},
     * stride, padding, dilation and rounding in {@code spec}, and whether it has biases.
     */
    public record Config(int in, int out, int kernel, ConvSpec spec, boolean bias) implements LayerConfig {
        @Override
        public Layer build() {
            return new Conv2d(in, out, kernel, spec, bias);
        }

        @Override
        public java.util.Map<String, Object> fields() {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("in", in);
            m.put("out", out);
            m.put("kernel", kernel);
            m.put("stride", new int[] {spec.strideH(), spec.strideW()});
            m.put("padding", new int[] {spec.padH(), spec.padW()});
            m.put("dilation", new int[] {spec.dilationH(), spec.dilationW()});
            m.put("rounding", spec.rounding().name());
            m.put("bias", bias);
            return m;
        }

        static Config read(LayerConfig.Fields f) {
            int[] s = f.pair("stride"), p = f.pair("padding"), d = f.pair("dilation");
            ConvSpec spec = new ConvSpec(s[0], s[1], p[0], p[1], d[0], d[1], convkit.conv.Rounding.valueOf(f.text("rounding")));
            return new Config(f.integer("in"), f.integer("out"), f.integer("kernel"), spec, f.flag("bias"));
        }

        /** {@code W2 = (W1 - F + 2P)/S + 1} with the numbers, and {@code (F*F*D)*K + K} parameters. */
        @Override
        public String formula(Shape in, Shape out, long params) {
            int span = spec.dilationW() * (kernel - 1) + 1;
            String size = "W2 = (" + in.dim(3) + " - " + span + " + 2*" + spec.padW() + ")/" + spec.strideW() + " + 1 = " + out.dim(3);
            if (in.dim(2) != in.dim(3) || spec.padH() != spec.padW() || spec.strideH() != spec.strideW() || spec.dilationH() != spec.dilationW()) {
                int spanH = spec.dilationH() * (kernel - 1) + 1;
                size += ", H2 = (" + in.dim(2) + " - " + spanH + " + 2*" + spec.padH() + ")/" + spec.strideH() + " + 1 = " + out.dim(2);
            }
            return size + "; (" + kernel + "*" + kernel + "*" + this.in + ")*" + this.out + (bias ? " + " + this.out : "") + " = " + params;
        }
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + " -> " + outChannels + ", " + kernel + "x" + kernel
                + (spec.equals(ConvSpec.DEFAULT) ? "" : ", " + spec) + (bias == null ? ", no bias" : "") + ")";
    }

    static void positive(String name, int v) {
        if (v < 1) throw new ShapeException(name + " must be at least 1, got " + v);
    }
}
