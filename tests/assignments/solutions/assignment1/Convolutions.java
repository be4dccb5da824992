package assignment1;

/**
 * Reference solution of assignment 1 (teachers only; do not hand out).
 * It mirrors the lecture's formulas with plain loops, exactly as the skeleton asks.
 */
public class Convolutions {

    /** y[t] = sum_k w[k] * x[t*S + k - P], with x = 0 outside 0..M-1. */
    public static double[] correlate1d(double[] x, double[] w, int stride, int padding) {
        int m = x.length, f = w.length;
        int outLen = (m - f + 2 * padding) / stride + 1;
        double[] y = new double[outLen];
        for (int t = 0; t < outLen; t++) {
            double sum = 0;
            for (int k = 0; k < f; k++) {
                int i = t * stride + k - padding;
                if (i >= 0 && i < m) sum += w[k] * x[i];
            }
            y[t] = sum;
        }
        return y;
    }

    /** True convolution: correlation with the reversed kernel. */
    public static double[] convolve1d(double[] x, double[] w, int stride, int padding) {
        double[] reversed = new double[w.length];
        for (int k = 0; k < w.length; k++) reversed[k] = w[w.length - 1 - k];
        return correlate1d(x, reversed, stride, padding);
    }

    /** y[i][j] = sum_u sum_v w[u][v] * x[i*S + u - P][j*S + v - P], with x = 0 outside. */
    public static double[][] correlate2d(double[][] x, double[][] w, int stride, int padding) {
        int m = x.length, n = x[0].length, kh = w.length, kw = w[0].length;
        int h2 = (m - kh + 2 * padding) / stride + 1;
        int w2 = (n - kw + 2 * padding) / stride + 1;
        double[][] y = new double[h2][w2];
        for (int i = 0; i < h2; i++) {
            for (int j = 0; j < w2; j++) {
                double sum = 0;
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        int r = i * stride + u - padding, c = j * stride + v - padding;
                        if (r >= 0 && r < m && c >= 0 && c < n) sum += w[u][v] * x[r][c];
                    }
                }
                y[i][j] = sum;
            }
        }
        return y;
    }

    /** True convolution: Y = rot180(W) ⊗ X. */
    public static double[][] convolve2d(double[][] x, double[][] w, int stride, int padding) {
        int kh = w.length, kw = w[0].length;
        double[][] r = new double[kh][kw];
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) r[u][v] = w[kh - 1 - u][kw - 1 - v];
        }
        return correlate2d(x, r, stride, padding);
    }
}
