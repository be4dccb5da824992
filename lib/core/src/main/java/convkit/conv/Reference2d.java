package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * The lecture's 2D convolution of one image with one kernel (§6.1, 二维卷积), as loops over
 * i, j (the output) and u, v (the kernel).
 *
 * <pre>{@code
 * correlation    y_ij = sum_{u=1..U} sum_{v=1..V} w_uv x_{i+u-1, j+v-1}     (lecture, 1-based)
 * convolution    y_ij = sum_{u=1..U} sum_{v=1..V} w_uv x_{i-u+1, j-v+1}
 * }</pre>
 *
 * <p>Java counts from 0: i, j, u, v start at 0. With stride S, zero padding P and dilation D,
 * correlation is {@code y[i][j] = sum_u sum_v w[u][v] x[i*S + u*D - P][j*S + v*D - P]}, and
 * convolution reads the same window with the kernel rotated by 180 degrees, {@code w[U-1-u][V-1-v]}.
 * Positions outside the image are the padded zeros; sums are kept in double. The batched,
 * multi-channel reference ({@link Conv2dKernels#reference()}) adds this room's sums over the
 * input channels, and {@link Kernel2d} uses it directly when it computes with the reference.
 */
public final class Reference2d {
    private Reference2d() {}

    /** Correlation of an (H, W) image with a (U, V) kernel: (H2, W2), {@code H2 = (H - U + 2P)/S + 1}. */
    public static Tensor correlate(Tensor x, Tensor w, ConvSpec s) {
        Args.notNull("Reference2d.correlate", "x", x, "w", w, "s", s);
        return toTensor(add(x, w, s, false, null));
    }

    /** Convolution: the kernel rotated by 180 degrees, then correlated; sizes as for {@link #correlate}. */
    public static Tensor convolve(Tensor x, Tensor w, ConvSpec s) {
        Args.notNull("Reference2d.convolve", "x", x, "w", w, "s", s);
        return toTensor(add(x, w, s, true, null));
    }

    /**
     * Adds the correlation (or convolution) of x with w into y, a (H2, W2) array of running sums
     * (null starts from zeros), and returns y: one channel's share of a multi-channel output.
     */
    static double[][] add(Tensor x, Tensor w, ConvSpec s, boolean flip, double[][] y) {
        Shape out = outputShape(x, w, s);
        int h2 = out.dim(0), w2 = out.dim(1), kh = w.dim(0), kw = w.dim(1);
        if (y == null) y = new double[h2][w2];
        for (int i = 0; i < h2; i++)
            for (int j = 0; j < w2; j++)
                for (int u = 0; u < kh; u++)
                    for (int v = 0; v < kw; v++) {
                        int uu = flip ? kh - 1 - u : u, vv = flip ? kw - 1 - v : v;   // which tap reads this window cell
                        y[i][j] += w.get(uu, vv) * x(x, i * s.strideH() + u * s.dilationH() - s.padH(),
                                j * s.strideW() + v * s.dilationW() - s.padW());
                    }
        return y;
    }

    /** (H2, W2) for an (H, W) image and a (U, V) kernel, checked (see {@link OutputSize}). */
    static Shape outputShape(Tensor x, Tensor w, ConvSpec s) {
        x.requireRank(2, "Reference2d: x (an (H, W) image)");
        w.requireRank(2, "Reference2d: w (a (U, V) kernel)");
        Shape out = OutputSize.conv2d(Shape.of(1, 1, x.dim(0), x.dim(1)), Shape.of(1, 1, w.dim(0), w.dim(1)), s);
        return Shape.of(out.dim(2), out.dim(3));
    }

    /** x[r][q], or 0 in the zero padding. */
    private static double x(Tensor x, int r, int q) {
        return r < 0 || r >= x.dim(0) || q < 0 || q >= x.dim(1) ? 0 : x.get(r, q);
    }

    private static Tensor toTensor(double[][] y) {
        Tensor t = Tensor.zeros(y.length, y.length == 0 ? 0 : y[0].length);
        for (int i = 0; i < y.length; i++)
            for (int j = 0; j < y[i].length; j++) t.set(y[i][j], i, j);
        return t;
    }
}
