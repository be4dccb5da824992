package assignment1;

/**
 * Assignment 1: cross-correlation and convolution, in 1D and 2D, with stride and zero padding.
 * Lecture 6, §6.1 (卷积运算) and "互相关 vs 卷积".
 *
 * Fill in the four methods marked TODO. Keep the class name, the package and every method
 * signature: the grader calls them by name. Use plain loops; no library calls are needed.
 * Check your work with:  ./convkit grade --assignment 1 --submission tests/assignments/handout
 *
 * Notation (0-based indices, as Java arrays):
 *   x  input of length M (1D) or size M x N (2D)
 *   w  kernel of length F (1D) or size U x V (2D)
 *   S  stride (步长): how far the window moves between outputs, S >= 1
 *   P  zero padding (零填充): P zeros added at both ends (1D) or on all four sides (2D)
 *   Output length (lecture): (M - F + 2P)/S + 1. Every test uses sizes where this is a whole number.
 */
public class Convolutions {

    /**
     * 1D cross-correlation (互相关): the kernel slides over x as it is, without reversing.
     *
     *   y[t] = sum over k = 0..F-1 of  w[k] * x[t*S + k - P]
     *
     * where x[i] reads as 0 when i < 0 or i >= M (that is the zero padding).
     * Example (lecture L03): x = [1, 1, 2, -1, 1, -3, 1], w = [-1, 0, 1], S = 1, P = 0
     *   gives y = [1, -2, -1, -2, 0].
     */
    public static double[] correlate1d(double[] x, double[] w, int stride, int padding) {
        // TODO: compute the output length (M - F + 2P)/S + 1, then fill y[t] with the sum above.
        throw new UnsupportedOperationException("TODO: correlate1d");
    }

    /**
     * 1D true convolution (卷积), the lecture's definition  y_t = sum_k w_k x_{t-k+1}  (1-based):
     * the kernel is reversed before it slides. So it equals cross-correlation with the kernel
     * reversed, w' = [w[F-1], ..., w[1], w[0]], with the same S and P.
     * Example (lecture L03): x = [1, 1, 2, -1, 1, -3, 1], w = [-1, 0, 1] gives [-1, 2, 1, 2, 0].
     */
    public static double[] convolve1d(double[] x, double[] w, int stride, int padding) {
        // TODO: reverse w, then reuse correlate1d.
        throw new UnsupportedOperationException("TODO: convolve1d");
    }

    /**
     * 2D cross-correlation (互相关):
     *
     *   y[i][j] = sum over u = 0..U-1, v = 0..V-1 of  w[u][v] * x[i*S + u - P][j*S + v - P]
     *
     * (the lecture's y_ij = sum_u sum_v w_uv x_{i+u-1, j+v-1}, 1-based, with stride and padding added);
     * x reads as 0 outside its M x N area. Output size:
     *   H2 = (M - U + 2P)/S + 1 rows,  W2 = (N - V + 2P)/S + 1 columns.
     * Example (lecture L15): x = [[2, 10, 8], [5, 15, 20], [6, 11, 9]], w = [[1, 8], [-5, 6]]
     *   gives [[147, 119], [161, 174]].
     */
    public static double[][] correlate2d(double[][] x, double[][] w, int stride, int padding) {
        // TODO
        throw new UnsupportedOperationException("TODO: correlate2d");
    }

    /**
     * 2D true convolution (卷积): rotate the kernel by 180 degrees (rot180: reverse the rows and
     * the columns), then cross-correlate:  Y = rot180(W) ⊗ X.
     * Example (lecture L16): rot180([[1, 8], [-5, 6]]) = [[6, -5], [8, 1]], and the example above
     *   gives [[17, 160], [14, 87]].
     */
    public static double[][] convolve2d(double[][] x, double[][] w, int stride, int padding) {
        // TODO: build rot180(w): r[u][v] = w[U-1-u][V-1-v], then reuse correlate2d.
        throw new UnsupportedOperationException("TODO: convolve2d");
    }
}
