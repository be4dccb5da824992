package convkit.tensor;

/** Prints tensors the way the slides print matrices: right-aligned columns, whole numbers without ".0". */
final class TensorFormat {
    /** Past this many rows or columns the middle is elided with "...". */
    static final int EDGE = 6;
    static final int MAX_FULL = 20;
    /** Roughly how many lines a many-plane tensor may take before later planes are summarised. */
    static final int MAX_LINES = 60;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor ").append(t.shape());
        float[] d = t.buffer();
        boolean integral = true;
        for (float v : d) {
            if (v != Math.rint(v) || Math.abs(v) > 1e7) {
                integral = false;
                break;
            }
        }
        int rank = t.rank();
        int w = t.dim(-1);
        int h = rank >= 2 ? t.dim(-2) : 1;
        int planes = d.length / (w * h);
        int[] outer = rank > 2 ? java.util.Arrays.copyOf(t.shape().dims(), rank - 2) : new int[0];
        int width = 1;
        for (float v : d) width = Math.max(width, cell(v, integral).length());
        // Keep a batch readable in a notebook cell: whole planes while they fit in about MAX_LINES lines.
        int linesPerPlane = (h > MAX_FULL ? 2 * EDGE + 1 : h) + (rank > 2 ? 1 : 0);
        int shownPlanes = planes * linesPerPlane <= MAX_LINES ? planes : Math.max(1, Math.min(EDGE, MAX_LINES / linesPerPlane));
        for (int p = 0; p < shownPlanes; p++) {
            if (rank > 2) sb.append("\n[").append(planeIndex(p, outer)).append(", :, :]");
            appendPlane(sb, d, p * h * w, h, w, width, integral);
        }
        if (shownPlanes < planes) sb.append("\n... (").append(planes - shownPlanes).append(" more planes)");
        return sb.toString();
    }

    private static void appendPlane(StringBuilder sb, float[] d, int base, int h, int w, int width, boolean integral) {
        for (int i = 0; i < h; i++) {
            if (h > MAX_FULL && i == EDGE) {
                sb.append("\n ...");
                i = h - EDGE;
            }
            sb.append('\n');
            for (int j = 0; j < w; j++) {
                if (w > MAX_FULL && j == EDGE) {
                    sb.append("  ...");
                    j = w - EDGE;
                }
                String c = cell(d[base + i * w + j], integral);
                sb.append(' ').append(" ".repeat(width - c.length())).append(c);
            }
        }
    }

    private static String planeIndex(int p, int[] outer) {
        int[] idx = new int[outer.length];
        for (int k = outer.length - 1; k >= 0; k--) {
            idx[k] = p % outer[k];
            p /= outer[k];
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < idx.length; k++) sb.append(k == 0 ? "" : ", ").append(idx[k]);
        return sb.toString();
    }

    /** One value: whole numbers without a decimal point, others with up to four decimals. */
    static String cell(float v, boolean integral) {
        if (Float.isNaN(v)) return "NaN";
        if (Float.isInfinite(v)) return v > 0 ? "Inf" : "-Inf";
        if (integral) return Long.toString((long) v);
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        if (s.equals("-0.0000")) s = "0.0000";
        return s;
    }
}
