package convkit.grading;

import convkit.tensor.Tensor;
import java.util.Locale;

/** Small helpers shared by the assertions: flattening, index names, number and matrix printing. */
final class Grid {
    private Grid() {}

    static double[] flatten(double[][] m) {
        int w = m.length == 0 ? 0 : m[0].length;
        double[] d = new double[m.length * w];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, d, i * w, w);
        return d;
    }

    static int[] dims(double[][] m) {
        return new int[] {m.length, m.length == 0 ? 0 : m[0].length};
    }

    static double[] flatten(Tensor t) {
        float[] f = t.buffer();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** "(3, 3)" */
    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : ", ").append(dims[i]);
        return sb.append(')').toString();
    }

    /** Row-major position k as "[1][2]". */
    static String index(int k, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = k % dims[i];
            k /= dims[i];
        }
        StringBuilder sb = new StringBuilder();
        for (int i : idx) sb.append('[').append(i).append(']');
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    /** A matrix (or vector) printed as rows of right-aligned numbers. */
    static String[] rows(double[] v, int[] dims) {
        int w = dims[dims.length - 1];
        int h = v.length / Math.max(1, w);
        String[] cells = new String[v.length];
        int width = 1;
        for (int i = 0; i < v.length; i++) {
            cells[i] = num(v[i]);
            width = Math.max(width, cells[i].length());
        }
        String[] out = new String[h];
        for (int i = 0; i < h; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < w; j++) {
                String c = cells[i * w + j];
                sb.append(j == 0 ? "" : " ").append(" ".repeat(width - c.length())).append(c);
            }
            out[i] = sb.toString();
        }
        return out;
    }

    /** Two small matrices side by side under the given titles. */
    static String sideBySide(String leftTitle, double[] left, int[] ldims, String rightTitle, double[] right, int[] rdims) {
        String[] l = rows(left, ldims), r = rows(right, rdims);
        int lw = leftTitle.length();
        for (String s : l) lw = Math.max(lw, s.length());
        StringBuilder sb = new StringBuilder();
        sb.append("    ").append(pad(leftTitle, lw)).append("    ").append(rightTitle).append('\n');
        for (int i = 0; i < Math.max(l.length, r.length); i++) {
            sb.append("    ").append(pad(i < l.length ? l[i] : "", lw)).append("    ").append(i < r.length ? r[i] : "").append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
