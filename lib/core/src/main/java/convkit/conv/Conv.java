package convkit.conv;

import convkit.tensor.ShapeException;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.Objects;

/**
 * Multi-channel, multi-filter 2D convolution and cross-correlation on batches (NCHW), the
 * way a convolutional layer computes them (§6.4): each filter spans every input channel, the
 * channel sums are added, and the filter's bias is added once.
 *
 * <pre>{@code
 * y[n][f][i][j] = b[f] + sum_c sum_u sum_v w[f][c][u][v] * x[n][c][i*S + u - P][j*S + v - P]
 * H2 = (H - U + 2P)/S + 1,   W2 = (W - V + 2P)/S + 1,   D2 = F (one output channel per filter)
 * }</pre>
 *
 * <pre>{@code
 * jshell> Conv.correlate2d(Tensor.rand(Shape.of(1, 3, 32, 32), 1), Tensor.randn(Shape.of(10, 3, 5, 5), 2), null, ConvSpec.padding(2)).shape()
 * $1 ==> (1, 10, 32, 32)
 * jshell> Conv.rot180(Tensor.parse("1 8\n-5 6"))
 * $2 ==> Tensor (2, 2)
 *   6 -5
 *   8  1
 * }</pre>
 */
public final class Conv {
    private Conv() {}

    /**
     * Cross-correlation (互相关), as deep-learning libraries compute "convolution".
     *
     * @param x    input (N, C, H, W)
     * @param w    weights (F, C, U, V): F filters, each as deep as the input (C)
     * @param b    biases (F), or null for none
     * @param spec stride, padding, dilation and rounding
     * @return (N, F, H2, W2) with {@code H2 = (H - D(U-1) - 1 + 2P)/S + 1}
     * @throws ShapeException on wrong ranks, a channel mismatch, a bias of the wrong length or a size that does not fit
     * @throws IllegalArgumentException when x, w or b holds NaN or infinity
     */
    public static Tensor correlate2d(Tensor x, Tensor w, Tensor b, ConvSpec spec) {
        return correlate2d(x, w, b, spec, Conv2dKernels.standard());
    }

    /** As {@link #correlate2d(Tensor, Tensor, Tensor, ConvSpec)}, with a chosen implementation. */
    public static Tensor correlate2d(Tensor x, Tensor w, Tensor b, ConvSpec spec, Conv2dKernels kernels) {
        Objects.requireNonNull(x, "conv2d: x must not be null; pass an (N, C, H, W) batch");
        Objects.requireNonNull(w, "conv2d: w must not be null; pass (F, C, U, V) weights");
        Objects.requireNonNull(spec, "conv2d: spec must not be null; use ConvSpec.DEFAULT for stride 1, no padding");
        Objects.requireNonNull(kernels, "conv2d: kernels must not be null; use Conv2dKernels.standard()");
        requireFinite(x, "conv2d: x");
        requireFinite(w, "conv2d: w");
        if (b != null) requireFinite(b, "conv2d: bias b");
        return kernels.forward(x, w, b, spec);
    }

    /**
     * True convolution (卷积): correlation with every kernel rotated by 180 degrees.
     *
     * @return (N, F, H2, W2), sizes as for {@link #correlate2d(Tensor, Tensor, Tensor, ConvSpec)}
     * @throws ShapeException as for {@link #correlate2d(Tensor, Tensor, Tensor, ConvSpec)}
     */
    public static Tensor convolve2d(Tensor x, Tensor w, Tensor b, ConvSpec spec) {
        return correlate2d(x, rot180(w), b, spec);
    }

    /**
     * Rotates the last two axes by 180 degrees (flips rows and columns): {@code rot180(W)[u][v] = W[U-1-u][V-1-v]}.
     * Works on a single (U, V) kernel and on (F, C, U, V) weights.
     */
    public static Tensor rot180(Tensor w) {
        Objects.requireNonNull(w, "rot180: w must not be null");
        if (w.rank() < 2) {
            throw new ShapeException("rot180: needs a kernel with at least 2 axes, got shape " + w.shape()
                    + "; for a 1D kernel use Kernel1d.flip()");
        }
        int u = w.dim(-2), v = w.dim(-1);
        float[] src = w.buffer();
        float[] dst = new float[src.length];
        for (int base = 0; base < src.length; base += u * v)
            for (int i = 0; i < u; i++)
                for (int j = 0; j < v; j++) dst[base + i * v + j] = src[base + (u - 1 - i) * v + (v - 1 - j)];
        return Tensor.wrap(dst, w.shape());
    }

    /** Throws when a tensor holds NaN or infinity: a convolution would smear it over the whole output. */
    static void requireFinite(Tensor t, String what) {
        int k = t.firstNonFinite();
        if (k >= 0) {
            int[] idx = unravel(k, t.shape().dims());
            throw new IllegalArgumentException(what + " contains " + t.buffer()[k] + " at index "
                    + java.util.Arrays.toString(idx) + " of shape " + t.shape()
                    + "; convolution needs finite numbers (check how the input was produced or normalised)");
        }
    }

    static int[] unravel(int k, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = k % dims[i];
            k /= dims[i];
        }
        return idx;
    }
}
