package convkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.tensor.Tensor;

/**
 * The lecture's definitions written out directly on plain arrays, independent of ConvKit's code
 * paths, so the tests compare the library with the mathematics rather than with itself.
 * Indices follow the slides where that is clearer (1-based loops, converted at the array access).
 */
final class Definitions {
    private Definitions() {}

    /** Zero padding: a (M + 2P) x (N + 2P) copy with x in the middle. */
    static double[][] pad(double[][] x, int p) {
        double[][] y = new double[x.length + 2 * p][x[0].length + 2 * p];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, y[i + p], p, x[i].length);
        return y;
    }

    /** Cross-correlation y_ij = sum_u sum_v w_uv x_{i+u-1, j+v-1} (1-based) on the padded input, with stride S. */
    static double[][] correlate(double[][] x, double[][] w, int stride, int p) {
        double[][] xp = pad(x, p);
        int uu = w.length, vv = w[0].length;
        int h = (xp.length - uu) / stride + 1, wd = (xp[0].length - vv) / stride + 1;
        double[][] y = new double[h][wd];
        for (int i = 1; i <= h; i++)
            for (int j = 1; j <= wd; j++) {
                double s = 0;
                int r0 = (i - 1) * stride + 1, c0 = (j - 1) * stride + 1; // 1-based top-left of the window
                for (int u = 1; u <= uu; u++)
                    for (int v = 1; v <= vv; v++) s += w[u - 1][v - 1] * xp[r0 + u - 1 - 1][c0 + v - 1 - 1];
                y[i - 1][j - 1] = s;
            }
        return y;
    }

    /**
     * True 2D convolution, "full": y_ij = sum_u sum_v w_uv x_{i-u+1, j-v+1} (1-based) for every (i, j)
     * where some term exists, i = 1 .. M+U-1; x outside 1..M reads 0. No kernel flip appears: the
     * minus signs in the indices do the work.
     */
    static double[][] convolveFull(double[][] x, double[][] w) {
        int m = x.length, n = x[0].length, uu = w.length, vv = w[0].length;
        double[][] y = new double[m + uu - 1][n + vv - 1];
        for (int i = 1; i <= m + uu - 1; i++)
            for (int j = 1; j <= n + vv - 1; j++) {
                double s = 0;
                for (int u = 1; u <= uu; u++)
                    for (int v = 1; v <= vv; v++) {
                        int r = i - u + 1, c = j - v + 1;
                        if (r >= 1 && r <= m && c >= 1 && c <= n) s += w[u - 1][v - 1] * x[r - 1][c - 1];
                    }
                y[i - 1][j - 1] = s;
            }
        return y;
    }

    /** The slide's valid convolution: the cells of {@link #convolveFull} with i = U..M, j = V..N (1-based). */
    static double[][] convolveValid(double[][] x, double[][] w) {
        double[][] full = convolveFull(x, w);
        int uu = w.length, vv = w[0].length;
        double[][] y = new double[x.length - uu + 1][x[0].length - vv + 1];
        for (int i = 0; i < y.length; i++)
            for (int j = 0; j < y[0].length; j++) y[i][j] = full[i + uu - 1][j + vv - 1];
        return y;
    }

    /** 1D true convolution, full: y_t = sum_k w_k x_{t-k+1} (1-based), t = 1 .. M+F-1. */
    static double[] convolveFull(double[] x, double[] w) {
        double[] y = new double[x.length + w.length - 1];
        for (int t = 1; t <= y.length; t++)
            for (int k = 1; k <= w.length; k++) {
                int idx = t - k + 1;
                if (idx >= 1 && idx <= x.length) y[t - 1] += w[k - 1] * x[idx - 1];
            }
        return y;
    }

    /** 1D true convolution with zero padding P and stride S: the full result read from t = F - P, every S-th. */
    static double[] convolve(double[] x, double[] w, int stride, int p) {
        double[] full = convolveFull(x, w);
        int f = w.length;
        int len = (x.length - f + 2 * p) / stride + 1;
        double[] y = new double[len];
        for (int t = 0; t < len; t++) y[t] = full[f - 1 - p + t * stride];
        return y;
    }

    /** Max or average over K x K windows with stride S (no padding), the lecture's y_mn = max / mean over R_mn. */
    static double[][] pool(double[][] x, int k, int stride, boolean max) {
        int h = (x.length - k) / stride + 1, w = (x[0].length - k) / stride + 1;
        double[][] y = new double[h][w];
        for (int m = 0; m < h; m++)
            for (int n = 0; n < w; n++) {
                double best = Double.NEGATIVE_INFINITY, sum = 0;
                for (int u = 0; u < k; u++)
                    for (int v = 0; v < k; v++) {
                        double val = x[m * stride + u][n * stride + v];
                        best = Math.max(best, val);
                        sum += val;
                    }
                y[m][n] = max ? best : sum / (k * k);
            }
        return y;
    }

    static double[][] matrix(String text) {
        return Tensor.parse(text).toMatrix();
    }

    /** Every element equal within tol, with a message naming the first differing cell. */
    static void assertMatrix(double[][] expected, Tensor actual, double tol, String what) {
        assertEquals(2, actual.rank(), what + ": expected a matrix, got shape " + actual.shape());
        assertEquals(expected.length + "x" + expected[0].length, actual.dim(0) + "x" + actual.dim(1), what + ": shape");
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[0].length; j++) {
                if (Math.abs(expected[i][j] - actual.get(i, j)) > tol) {
                    fail(what + ": cell (" + i + ", " + j + ") is " + actual.get(i, j) + ", expected " + expected[i][j]
                            + " (tolerance " + tol + ")\n" + actual);
                }
            }
    }

    static void assertVector(double[] expected, Tensor actual, double tol, String what) {
        assertEquals(1, actual.rank(), what + ": expected a vector, got shape " + actual.shape());
        assertEquals(expected.length, actual.dim(0), what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual.get(i)) > tol) {
                fail(what + ": element " + i + " is " + actual.get(i) + ", expected " + expected[i] + "\n" + actual);
            }
        }
    }
}
