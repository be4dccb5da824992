package convkit.filters;

import convkit.conv.Kernel2d;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * The image filters of the lecture (§6.1 常用滤波器) and their classic relatives, as
 * {@link Kernel2d}s preset to same-size output (等宽, zero padding {@code P = (F - 1)/2}), so
 * {@code Filters.gaussian3x3().correlate(img)} returns an image of the size of {@code img}.
 *
 * <p>Every filter is applied with {@link Kernel2d#correlate} (互相关) in image-processing style;
 * the symmetric ones (mean, Gaussian, Laplacian, sharpen) give the same result with
 * {@link Kernel2d#convolve}. The edge kernels change sign under the 180 degree rotation, so
 * for them the two verbs differ by a minus sign.
 *
 * <pre>{@code
 * jshell> Filters.laplacian()
 * $1 ==> Kernel2d 3x3 (stride 1, same (P=(F-1)/2))
 *   0  1  0
 *   1 -4  1
 *   0  1  0
 * jshell> Filters.mean(3).correlate(Tensor.full(5, 4, 4)).get(1, 1)
 * $2 ==> 5.0
 * jshell> Filters.sobelX().correlate(Tensor.parse("0 0 1 1\n0 0 1 1\n0 0 1 1"))
 * $3 ==> Tensor (3, 4)
 *   0  3  3 -3
 *   0  4  4 -4
 *   0  3  3 -3
 * }</pre>
 *
 * <p>The border of a same-size output sees the zero padding: above, the last column of the
 * step image reads as an edge against the padded zeros.
 */
public final class Filters {
    private Filters() {}

    /**
     * Mean filter (elsewhere "box" filter), 均值滤波: every weight is {@code 1/(n*n)}, so each output is the
     * average of its n x n window. (The slide prints {@code w_uv = 1/W}; it means one over the
     * number of weights, U*V.)
     *
     * @param n window size, odd so that same padding {@code P = (n - 1)/2} is whole
     * @throws ShapeException when n is not an odd number of at least 1
     */
    public static Kernel2d mean(int n) {
        requireOddSize("Filters.mean", "n", n);
        return same(Tensor.full(1.0 / (n * n), n, n));
    }

    /**
     * Gaussian filter (高斯滤波) of the given size, normalised so the weights sum to 1:
     * <pre>{@code w_uv = exp(-(u^2 + v^2) / (2 sigma^2)) / sum,   u, v = -(size-1)/2 .. (size-1)/2}</pre>
     *
     * @param size  odd window size (3, 5, 7, ...)
     * @param sigma standard deviation in pixels, greater than 0
     * @throws ShapeException when size is not odd or sigma is not a positive number
     */
    public static Kernel2d gaussian(int size, double sigma) {
        requireOddSize("Filters.gaussian", "size", size);
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new ShapeException("Filters.gaussian: sigma must be a positive number of pixels, got sigma=" + sigma
                    + "; try sigma=1.0 for a 5x5 window (about size/5)");
        }
        int r = size / 2;
        double[][] w = new double[size][size];
        double sum = 0;
        for (int u = -r; u <= r; u++)
            for (int v = -r; v <= r; v++) {
                w[u + r][v + r] = Math.exp(-(u * u + v * v) / (2 * sigma * sigma));
                sum += w[u + r][v + r];
            }
        for (double[] row : w) for (int v = 0; v < size; v++) row[v] /= sum;
        return same(Tensor.of(w));
    }

    /** The lecture's 3x3 Gaussian: {@code [[1/16, 1/8, 1/16], [1/8, 1/4, 1/8], [1/16, 1/8, 1/16]]} (smooths, removes noise). */
    public static Kernel2d gaussian3x3() {
        return same(Tensor.parse("1/16 1/8 1/16\n1/8 1/4 1/8\n1/16 1/8 1/16"));
    }

    /** The lecture's Laplacian, 4-neighbour: {@code [[0, 1, 0], [1, -4, 1], [0, 1, 0]]}; the 2D second difference, it finds edges. */
    public static Kernel2d laplacian() {
        return same(Tensor.parse("0 1 0\n1 -4 1\n0 1 0"));
    }

    /** Laplacian with the diagonals too, 8-neighbour: {@code [[1, 1, 1], [1, -8, 1], [1, 1, 1]]}. */
    public static Kernel2d laplacian8() {
        return same(Tensor.parse("1 1 1\n1 -8 1\n1 1 1"));
    }

    /** The lecture's third kernel (L13), a diagonal edge detector: {@code [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]]}; {@code rot180} of it is its negative. */
    public static Kernel2d diagonalEdge() {
        return same(Tensor.parse("0 1 1\n-1 0 1\n-1 -1 0"));
    }

    /** Sobel, horizontal gradient Gx (bright on the right gives a positive response): {@code [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]}. */
    public static Kernel2d sobelX() {
        return same(Tensor.parse("-1 0 1\n-2 0 2\n-1 0 1"));
    }

    /** Sobel, vertical gradient Gy (bright below gives a positive response): {@code [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]}. */
    public static Kernel2d sobelY() {
        return same(Tensor.parse("-1 -2 -1\n0 0 0\n1 2 1"));
    }

    /** Prewitt, horizontal gradient: {@code [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]}. */
    public static Kernel2d prewittX() {
        return same(Tensor.parse("-1 0 1\n-1 0 1\n-1 0 1"));
    }

    /** Prewitt, vertical gradient: {@code [[-1, -1, -1], [0, 0, 0], [1, 1, 1]]}. */
    public static Kernel2d prewittY() {
        return same(Tensor.parse("-1 -1 -1\n0 0 0\n1 1 1"));
    }

    /** Scharr, horizontal gradient (more rotation-invariant than Sobel): {@code [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]}. */
    public static Kernel2d scharrX() {
        return same(Tensor.parse("-3 0 3\n-10 0 10\n-3 0 3"));
    }

    /** Scharr, vertical gradient: {@code [[-3, -10, -3], [0, 0, 0], [3, 10, 3]]}. */
    public static Kernel2d scharrY() {
        return same(Tensor.parse("-3 -10 -3\n0 0 0\n3 10 3"));
    }

    /** Sharpen: the image plus its negative Laplacian, {@code [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]}; weights sum to 1. */
    public static Kernel2d sharpen() {
        return same(Tensor.parse("0 -1 0\n-1 5 -1\n0 -1 0"));
    }

    /**
     * Gradient magnitude, the edge strength of each pixel (an edge map):
     * <pre>{@code |grad I| = sqrt(Gx^2 + Gy^2),   Gx = sobelX() correlated with I,   Gy = sobelY() correlated with I}</pre>
     *
     * @param img an (H, W) image
     * @return (H, W), zero where the image is flat; the border sees the zero padding
     * @throws ShapeException when img is not (H, W)
     */
    public static Tensor gradientMagnitude(Tensor img) {
        Tensor gx = sobelX().correlate(img);
        Tensor gy = sobelY().correlate(img);
        float[] x = gx.buffer(), y = gy.buffer();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.sqrt((double) x[i] * x[i] + (double) y[i] * y[i]);
        return Tensor.of(out, img.dim(0), img.dim(1));
    }

    private static Kernel2d same(Tensor w) {
        return Kernel2d.of(w).same();
    }

    private static void requireOddSize(String where, String name, int n) {
        if (n < 1 || n % 2 == 0) {
            throw new ShapeException(where + ": " + name + "=" + n + " must be an odd size (1, 3, 5, ...): the filter keeps the"
                    + " image size with same padding P = (F - 1)/2 = (" + n + " - 1)/2"
                    + (n >= 1 ? " = " + (n - 1) / 2.0 : "") + ", which must be whole."
                    + (n >= 2 ? " For an even window without padding use Kernel2d.of(Tensor.full(1.0/" + (n * n) + ", " + n + ", " + n + "))." : ""));
        }
    }
}
