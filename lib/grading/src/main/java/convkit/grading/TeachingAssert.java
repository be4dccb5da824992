package convkit.grading;

import convkit.tensor.Tensor;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions whose failure messages teach. On a mismatch they say which element differs, the
 * expected and the actual value, how many elements differ, print both results side by side when
 * small, and name a likely cause: a known {@link Mistake} the result equals, or a pattern read
 * from the numbers (off by one row or column, only the padded border wrong, every sign flipped,
 * a constant factor, all zeros).
 *
 * <p>Two numbers agree when {@code |actual - expected| <= tol * (1 + |expected|)}.
 */
public final class TeachingAssert {
    private TeachingAssert() {}

    /** A 1D result, e.g. a convolved signal. */
    public static void assertVector(String what, double[] expected, double[] actual, double tol, Mistake... mistakes) {
        if (actual == null) fail(what + ": your method returned null; return an array of " + expected.length + " values.");
        compare(what, expected, new int[] {expected.length}, actual, new int[] {actual.length}, tol, mistakes);
    }

    /** A 2D result, e.g. a feature map. Rows must all have the same length. */
    public static void assertMatrix(String what, double[][] expected, double[][] actual, double tol, Mistake... mistakes) {
        if (actual == null) {
            fail(what + ": your method returned null; return a " + expected.length + " x " + expected[0].length + " array.");
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == null) fail(what + ": row " + i + " of your result is null; create every row of the output.");
            if (actual[i].length != actual[0].length) {
                fail(what + ": row " + i + " of your result has " + actual[i].length + " values but row 0 has "
                        + actual[0].length + "; every row of the output has W2 = (W1 - F + 2P)/S + 1 values.");
            }
        }
        compare(what, Grid.flatten(expected), Grid.dims(expected), Grid.flatten(actual), Grid.dims(actual), tol, mistakes);
    }

    /** A tensor result, e.g. a gradient of shape (N, C, H, W). */
    public static void assertTensor(String what, Tensor expected, Tensor actual, double tol, Mistake... mistakes) {
        if (actual == null) fail(what + ": your method returned null; return a tensor of shape " + expected.shape() + ".");
        compare(what, Grid.flatten(expected), expected.shape().dims(), Grid.flatten(actual), actual.shape().dims(), tol, mistakes);
    }

    /** A single number, e.g. an output size or a parameter count, with a hint shown when it is wrong. */
    public static void assertNumber(String what, double expected, double actual, String hint) {
        if (close(expected, actual, 1e-9)) return;
        fail(what + ": expected " + Grid.num(expected) + " but got " + Grid.num(actual) + "." + (hint == null ? "" : "\n  " + hint));
    }

    static void compare(String what, double[] e, int[] ed, double[] a, int[] ad, double tol, Mistake... mistakes) {
        if (!java.util.Arrays.equals(ed, ad)) {
            StringBuilder sb = new StringBuilder(what + ": wrong shape, expected " + Grid.shape(ed) + " but got " + Grid.shape(ad) + ".");
            for (Mistake m : mistakes) {
                if (java.util.Arrays.equals(m.dims(), ad)) {
                    sb.append("\n  likely cause: ").append(m.cause());
                    break;
                }
            }
            fail(sb.toString());
        }
        int differ = 0, first = -1;
        for (int k = 0; k < e.length; k++) {
            if (!close(e[k], a[k], tol)) {
                differ++;
                if (first < 0) first = k;
            }
        }
        if (differ == 0) return;
        StringBuilder sb = new StringBuilder(what + ": " + differ + " of " + e.length + " values differ; the first at "
                + Grid.index(first, ed) + ": expected " + Grid.num(e[first]) + ", got " + Grid.num(a[first]) + ".");
        String cause = null;
        for (Mistake m : mistakes) {
            if (m.values() != null && java.util.Arrays.equals(m.dims(), ad) && allClose(m.values(), a, tol)) {
                cause = m.cause();
                break;
            }
        }
        if (cause == null) cause = pattern(e, a, ed, tol);
        if (cause != null) sb.append("\n  likely cause: ").append(cause);
        if (e.length <= 64 && ed.length <= 2) sb.append('\n').append(Grid.sideBySide("expected", e, ed, "yours", a, ad));
        fail(sb.toString().stripTrailing());
    }

    /** Reads a cause from the numbers alone. */
    static String pattern(double[] e, double[] a, int[] dims, double tol) {
        boolean anyNonZero = false, allZero = true;
        for (int k = 0; k < e.length; k++) {
            anyNonZero |= Math.abs(e[k]) > tol;
            allZero &= Math.abs(a[k]) <= tol;
        }
        if (anyNonZero && allZero) {
            return "every value is 0: is each sum stored into the output (y[i][j] = sum) after the inner loops?";
        }
        if (anyNonZero && allClose(negate(e), a, tol)) {
            return "every value has the opposite sign: check the sign of each product (or the direction of a difference).";
        }
        double ratio = constantRatio(e, a, tol);
        if (!Double.isNaN(ratio)) {
            return "every value is " + Grid.num(ratio) + " times the expected one: a missing or extra factor"
                    + " (an average divides by the number of values in the window, K*K).";
        }
        boolean oneD = dims.length == 1;
        int h = oneD ? 1 : dims[dims.length - 2], w = dims[dims.length - 1];
        if (h > 1 && shifted(e, a, dims, 1, 0, tol)) {
            return "off by one row: your row i holds what row i+1 should, so your windows start one row too high."
                    + " Did you pad the top edge? The window of output row i starts at input row i*S - P (0-based).";
        }
        if (h > 1 && shifted(e, a, dims, -1, 0, tol)) {
            return "off by one row: your row i holds what row i-1 should, so your windows start one row too low."
                    + " Did you pad the top edge twice, or with P+1 rows? The window of output row i starts at input row i*S - P.";
        }
        String col = oneD ? "position" : "column";
        String edge = oneD ? "left end" : "left edge";
        if (w > 1 && shifted(e, a, dims, 0, 1, tol)) {
            return "off by one " + col + ": your " + col + " j holds what " + col + " j+1 should."
                    + " Did you pad the " + edge + "? The window of output " + col + " j starts at input " + col + " j*S - P.";
        }
        if (w > 1 && shifted(e, a, dims, 0, -1, tol)) {
            return "off by one " + col + ": your " + col + " j holds what " + col + " j-1 should."
                    + " Did you pad the " + edge + " twice, or with P+1 zeros? The window of output " + col + " j starts at input " + col + " j*S - P.";
        }
        if (h > 2 && w > 2 && onlyBorderDiffers(e, a, dims, tol)) {
            return "only values on the border differ: those windows overlap the zero padding."
                    + " Positions outside the input must read as 0 (not wrap around, not repeat the edge).";
        }
        return null;
    }

    /** True when a[i][j] == e[i+dr][j+dc] wherever both exist, for every leading index. */
    private static boolean shifted(double[] e, double[] a, int[] dims, int dr, int dc, double tol) {
        int h = dims.length == 1 ? 1 : dims[dims.length - 2], w = dims[dims.length - 1];
        int planes = e.length / (h * w);
        int compared = 0;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) {
                    int i2 = i + dr, j2 = j + dc;
                    if (i2 < 0 || i2 >= h || j2 < 0 || j2 >= w) continue;
                    if (!close(e[p * h * w + i2 * w + j2], a[p * h * w + i * w + j], tol)) return false;
                    compared++;
                }
        return compared >= 2;
    }

    private static boolean onlyBorderDiffers(double[] e, double[] a, int[] dims, double tol) {
        int h = dims[dims.length - 2], w = dims[dims.length - 1];
        int planes = e.length / (h * w);
        for (int p = 0; p < planes; p++)
            for (int i = 1; i < h - 1; i++)
                for (int j = 1; j < w - 1; j++) {
                    int k = p * h * w + i * w + j;
                    if (!close(e[k], a[k], tol)) return false;
                }
        return true;
    }

    private static double constantRatio(double[] e, double[] a, double tol) {
        double ratio = Double.NaN;
        for (int k = 0; k < e.length; k++) {
            if (Math.abs(e[k]) <= tol) {
                if (Math.abs(a[k]) > tol) return Double.NaN;
                continue;
            }
            double r = a[k] / e[k];
            if (Double.isNaN(ratio)) ratio = r;
            else if (!close(ratio, r, 1e-6)) return Double.NaN;
        }
        return Double.isNaN(ratio) || close(ratio, 1, 1e-6) || close(ratio, -1, 1e-6) || Math.abs(ratio) < 1e-9 ? Double.NaN : ratio;
    }

    private static double[] negate(double[] v) {
        double[] n = new double[v.length];
        for (int k = 0; k < v.length; k++) n[k] = -v[k];
        return n;
    }

    private static boolean allClose(double[] x, double[] y, double tol) {
        if (x.length != y.length) return false;
        for (int k = 0; k < x.length; k++) if (!close(x[k], y[k], tol)) return false;
        return true;
    }

    static boolean close(double expected, double actual, double tol) {
        if (Double.isNaN(actual) || Double.isInfinite(actual)) return expected == actual;
        return Math.abs(actual - expected) <= tol * (1 + Math.abs(expected));
    }

    static void fail(String message) {
        throw new AssertionFailedError(message);
    }
}
