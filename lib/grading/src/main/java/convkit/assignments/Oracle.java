package convkit.assignments;

import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.tensor.Tensor;
import java.util.Random;

/**
 * The graders' source of truth: ConvKit's own reference implementations, with arrays in and
 * out as the assignments use them. Also the generators of seeded random cases whose sizes fit
 * {@code (W - F + 2P)/S + 1} exactly.
 */
final class Oracle {
    private Oracle() {}

    static double[] correlate1d(double[] x, double[] w, int s, int p) {
        return toArray(Kernel1d.of(w).stride(s).padding(p).correlate(Tensor.of(x)));
    }

    static double[] convolve1d(double[] x, double[] w, int s, int p) {
        return toArray(Kernel1d.of(w).stride(s).padding(p).convolve(Tensor.of(x)));
    }

    static double[][] correlate2d(double[][] x, double[][] w, int s, int p) {
        return Kernel2d.of(w).stride(s).padding(p).correlate(Tensor.of(x)).toMatrix();
    }

    static double[][] convolve2d(double[][] x, double[][] w, int s, int p) {
        return Kernel2d.of(w).stride(s).padding(p).convolve(Tensor.of(x)).toMatrix();
    }

    /** As {@link #correlate1d} but dropping a last partial window (for results of a mistaken setting). */
    static double[] correlate1dFloor(double[] x, double[] w, int s, int p) {
        return toArray(Kernel1d.of(w).stride(s).padding(p).floor().correlate(Tensor.of(x)));
    }

    static double[][] correlate2dFloor(double[][] x, double[][] w, int s, int p) {
        return Kernel2d.of(w).stride(s).padding(p).floor().correlate(Tensor.of(x)).toMatrix();
    }

    static double[][] maxPool(double[][] x, int k, int s) {
        return Pool.max(k).stride(s).apply(Tensor.of(x)).toMatrix();
    }

    static double[][] avgPool(double[][] x, int k, int s) {
        return Pool.avg(k).stride(s).apply(Tensor.of(x)).toMatrix();
    }

    static double[] reverse(double[] w) {
        double[] r = new double[w.length];
        for (int k = 0; k < w.length; k++) r[k] = w[w.length - 1 - k];
        return r;
    }

    static double[][] rot180(double[][] w) {
        int h = w.length, v = w[0].length;
        double[][] r = new double[h][v];
        for (int i = 0; i < h; i++) for (int j = 0; j < v; j++) r[i][j] = w[h - 1 - i][v - 1 - j];
        return r;
    }

    static double[] toArray(Tensor t) {
        float[] f = t.buffer();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Integers in [-4, 4]: exact in float and double, so results compare exactly. */
    static double[] ints(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = r.nextInt(9) - 4;
        return d;
    }

    static double[][] ints(Random r, int h, int w) {
        double[][] m = new double[h][];
        for (int i = 0; i < h; i++) m[i] = ints(r, w);
        return m;
    }

    /** Input length that gives {@code out} outputs with kernel f, stride s, padding p: (out-1)S + F - 2P. */
    static int inputFor(int out, int f, int s, int p) {
        return (out - 1) * s + f - 2 * p;
    }

    static String str(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(num(v[i]));
        return sb.append(']').toString();
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
