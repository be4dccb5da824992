package convkit.conv;

import convkit.tensor.Tensor;

/**
 * The lecture's 1D convolution (§6.1, 一维卷积) as two loops, over t and k, and nothing else.
 *
 * <pre>{@code
 * convolution    y_t = sum_{k=1..F} w_k x_{t-k+1}      (lecture, 1-based, t = F .. M)
 * correlation    y_t = sum_{k=1..F} w_k x_{t+k-1}      (t = 1 .. M - F + 1)
 * }</pre>
 *
 * <p>Java counts from 0, so here t = 0 .. M2-1 and k = 0 .. F-1. With stride S, zero padding P and
 * dilation D, correlation reads {@code x[t*S + k*D - P]}; convolution reads the same window with
 * the kernel reversed, {@code x[t*S + (F-1-k)*D - P]} (the lecture's x_{t-k+1}, shifted by F - 1
 * so that the first output is t = 0). Positions outside the signal are the padded zeros.
 * Sums are kept in double. {@link Kernel1d} uses this room when it computes with
 * {@link Conv2dKernels#reference()}.
 */
public final class Reference1d {
    private Reference1d() {}

    /** Correlation, {@code y[t] = sum_k w[k] x[t*S + k*D - P]}; length {@code (M - F + 2P)/S + 1}. */
    public static Tensor correlate(Tensor x, Tensor w, KernelSettings s) {
        Args.notNull("Reference1d.correlate", "x", x, "w", w, "s", s);
        int f = w.dim(0), p = s.pad(f), m2 = outputLength(x, w, s);
        Tensor y = Tensor.zeros(m2);
        for (int t = 0; t < m2; t++) {
            double sum = 0;
            for (int k = 0; k < f; k++) sum += w.get(k) * x(x, t * s.stride() + k * s.dilation() - p);
            y.set(sum, t);
        }
        return y;
    }

    /** Convolution, {@code y[t] = sum_k w[k] x[t*S + (F-1-k)*D - P]}: the lecture's {@code sum_k w_k x_{t-k+1}}. */
    public static Tensor convolve(Tensor x, Tensor w, KernelSettings s) {
        Args.notNull("Reference1d.convolve", "x", x, "w", w, "s", s);
        int f = w.dim(0), p = s.pad(f), m2 = outputLength(x, w, s);
        Tensor y = Tensor.zeros(m2);
        for (int t = 0; t < m2; t++) {
            double sum = 0;
            for (int k = 0; k < f; k++) sum += w.get(k) * x(x, t * s.stride() + (f - 1 - k) * s.dilation() - p);
            y.set(sum, t);
        }
        return y;
    }

    /** M2 = (M - F + 2P)/S + 1, checked (see {@link OutputSize}). */
    static int outputLength(Tensor x, Tensor w, KernelSettings s) {
        x.requireRank(1, "Reference1d: x (a signal of length M)");
        w.requireRank(1, "Reference1d: w (a kernel of length F)");
        return OutputSize.input(x.dim(0)).kernel(w.dim(0)).stride(s.stride()).padding(s.pad(w.dim(0)))
                .dilation(s.dilation()).rounding(s.rounding()).named("conv1d: output length").length();
    }

    /** x[index], or 0 in the zero padding. */
    private static double x(Tensor x, int index) {
        return index < 0 || index >= x.dim(0) ? 0 : x.get(index);
    }
}
