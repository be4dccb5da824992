package convkit.conv;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * The seam between ConvKit's public calls ({@link Kernel2d}, {@link Kernel1d}, {@link Conv}, the
 * {@code nn.Conv2d} layer) and an implementation of multi-channel 2D cross-correlation.
 *
 * <p>Shapes (NCHW): x (N, C, H, W), w (F, C, U, V), b (F) or null, y (N, F, H2, W2) with
 * {@code H2 = (H - D(U-1) - 1 + 2P)/S + 1}. True convolution is correlation with
 * {@link Conv#rot180(Tensor)} weights, so implementations provide correlation only.
 *
 * <p>{@link #reference()} mirrors the lecture's formula; every implementation must agree with it.
 */
public interface Conv2dKernels {

    /** {@code y[n][f][i][j] = b[f] + sum_c sum_u sum_v w[f][c][u][v] * x[n][c][i*S + u*D - P][j*S + v*D - P]}. */
    Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec spec);

    /** Gradient of the loss with respect to x, given dy = dL/dy: shape {@code xShape}. */
    Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec spec);

    /** Gradient of the loss with respect to w, given dy and the forward input x: shape {@code wShape}. */
    Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec spec);

    /** Gradient with respect to b: dy summed over N, H2 and W2, shape (F). */
    Tensor backwardBias(Tensor dy);

    /**
     * As {@link #forward(Tensor, Tensor, Tensor, ConvSpec)}, writing into {@code out} (shape
     * (N, F, H2, W2)) so a layer can reuse its buffers; null allocates. Returns the output.
     */
    default Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec spec, Tensor out) {
        Tensor y = forward(x, w, b, spec);
        return out == null ? y : copyInto(y, out, "forward: out");
    }

    /**
     * As {@link #forward(Tensor, Tensor, Tensor, ConvSpec, Tensor)}, then {@code then} applied to
     * every output value (null: nothing). This default runs it once over the whole output after
     * the forward pass; {@link #fast} runs it in each task on the images it has just computed, while
     * they are in its core's cache. Same values either way (see {@link convkit.exec.Epilogue}).
     */
    default Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec spec, Tensor out, convkit.exec.Epilogue then) {
        Tensor y = forward(x, w, b, spec, out);
        if (then != null) then.apply(y.buffer(), 0, y.size());
        return y;
    }

    /** As {@link #backwardInput(Tensor, Tensor, Shape, ConvSpec)}, writing into {@code dx} (null allocates). */
    default Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec spec, Tensor dx) {
        Tensor g = backwardInput(dy, w, xShape, spec);
        return dx == null ? g : copyInto(g, dx, "backwardInput: dx");
    }

    /** As {@link #backwardWeights(Tensor, Tensor, Shape, ConvSpec)}, writing into {@code dw} (null allocates). */
    default Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec spec, Tensor dw) {
        Tensor g = backwardWeights(dy, x, wShape, spec);
        return dw == null ? g : copyInto(g, dw, "backwardWeights: dw");
    }

    /**
     * The parameter gradients of one backward step together: the weight gradient into {@code dw}
     * (shape {@code wShape}, required) and the bias gradient into {@code db} (shape (F); null for a
     * layer without bias, which skips it). The values are those of
     * {@link #backwardWeights(Tensor, Tensor, Shape, ConvSpec) backwardWeights} and
     * {@link #backwardBias(Tensor) backwardBias}, which is what this default computes. An
     * implementation may get both from one pass instead: {@link FastConv2d} sums db as one more
     * dot product next to dW's (dy with a row of ones), in float like dW, so its db may differ from
     * its own {@code backwardBias} (double sums) in the last bits; both agree with the reference
     * within rounding and neither depends on the thread count.
     */
    default void backwardParams(Tensor dy, Tensor x, Shape wShape, ConvSpec spec, Tensor dw, Tensor db) {
        ConvChecks.checkParamOutputs(wShape, dw, db);
        backwardWeights(dy, x, wShape, spec, dw);
        if (db != null) copyInto(backwardBias(dy), db, "backwardParams: db");
    }

    /** The readable implementation that mirrors the lecture's formula. */
    static Conv2dKernels reference() {
        return ReferenceConv2d.INSTANCE;
    }

    /**
     * The fast implementation on the given thread budget, choosing its algorithm by the shape
     * ({@link Variant#AUTO}). It keeps scratch arrays between calls: keep one per layer or per thread.
     */
    static Conv2dKernels fast(Exec exec) {
        return fast(exec, Variant.AUTO);
    }

    /**
     * The fast implementation with a named algorithm, EJML style: every variant must agree with
     * the reference, and the agreement tests run each one. {@code exec.scalar()} gives each
     * variant's plain-Java twin (no Vector API).
     */
    static Conv2dKernels fast(Exec exec, Variant variant) {
        if (exec == null) throw new IllegalArgumentException("Conv2dKernels.fast(exec): exec is null; use Exec.defaults() or Exec.threads(n)");
        if (variant == null) throw new IllegalArgumentException("Conv2dKernels.fast(exec, variant): variant is null; use Variant.AUTO");
        return new FastConv2d(exec, variant);
    }

    /** The algorithms of the fast path ({@link FastConv2d}), and why each exists. */
    enum Variant {
        /**
         * Stride 1: the padded direct form (each image copied once into a zero-padded layout, the
         * kernel taps read as shifted rows of it: no unrolled matrix); any other stride: im2col.
         * The default, and the fastest for LeNet-sized layers.
         */
        AUTO,
        /**
         * im2col + matrix multiply for every shape: the input unrolled into a (C*U*V, positions)
         * matrix per group of images, multiplied by the (F, C*U*V) weights. The general algorithm,
         * named so the agreement tests also run it on stride-1 shapes.
         */
        IM2COL
    }

    /**
     * The implementation public calls use when none is named: the fast path on
     * {@link Exec#defaults()}, one instance shared by all callers (its calls are serialised).
     */
    static Conv2dKernels standard() {
        return FastConv2d.Shared.INSTANCE;
    }

    private static Tensor copyInto(Tensor result, Tensor out, String what) {
        ConvChecks.outputOrNew(out, result.shape(), what);
        System.arraycopy(result.buffer(), 0, out.buffer(), 0, result.size());
        return out;
    }
}
