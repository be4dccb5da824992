package convkit.lecture;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One comparison of a lecture example: what the lecture states (or, for a derived check, what the
 * definitions imply) against what ConvKit computes.
 *
 * @param what     what is compared, e.g. {@code "y[0][0]"}
 * @param expected the lecture's number (source LECTURE) or the value derived from the definitions (DERIVED)
 * @param computed what ConvKit returned
 * @param source   LECTURE when the slide states the value, DERIVED when the slide gives only a
 *                 formula or a picture and the value follows from the definitions
 * @param agrees   whether computed matches expected (tensors and fractions within {@link #TOLERANCE})
 */
public record Check(String what, Object expected, Object computed, Source source, boolean agrees) {

    /** Absolute tolerance for tensors and fractions: float32 sums of a few hundred terms stay well inside it. */
    public static final double TOLERANCE = 1e-4;

    /** Where the expected value comes from. */
    public enum Source {
        /** The lecture states this value. */
        LECTURE,
        /** Derived from the lecture's definitions; the slide does not print it. */
        DERIVED
    }

    /** A value the lecture states. */
    static Check lecture(String what, Object stated, Object computed) {
        return new Check(what, stated, computed, Source.LECTURE, same(stated, computed, TOLERANCE));
    }

    /** A value the lecture states to a given precision, e.g. 2.33 for 7/3. */
    static Check lectureApprox(String what, double stated, double computed, double tol) {
        return new Check(what, stated, computed, Source.LECTURE, Math.abs(stated - computed) <= tol);
    }

    /** A value derived from the definitions. */
    static Check derived(String what, Object expected, Object computed) {
        return new Check(what, expected, computed, Source.DERIVED, same(expected, computed, TOLERANCE));
    }

    static boolean same(Object a, Object b, double tol) {
        if (a instanceof Tensor ta && b instanceof Tensor tb) {
            return ta.shape().equals(tb.shape()) && ta.maxAbsDiff(tb) <= tol;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            if (isIntegral(na) && isIntegral(nb)) return na.longValue() == nb.longValue();
            return Math.abs(na.doubleValue() - nb.doubleValue()) <= tol;
        }
        return Objects.equals(a, b);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /** {@code ok   y[0][0]: lecture 429, ConvKit 429}. */
    @Override
    public String toString() {
        if (expected instanceof Tensor te && computed instanceof Tensor tc && te.size() > INLINE && te.shape().equals(tc.shape())) {
            // Large tensors: the shape and how far apart they are say more than 36 numbers on one line.
            return (agrees ? "ok   " : "DIFF ") + what + ": " + (source == Source.LECTURE ? "lecture" : "derived") + " and ConvKit "
                    + te.shape() + ", largest difference " + num(te.maxAbsDiff(tc)) + " (tolerance " + TOLERANCE + ")";
        }
        String exp = show(expected), got = show(computed);
        String label = source == Source.LECTURE ? "lecture" : "derived";
        return (agrees ? "ok   " : "DIFF ") + what + ": " + label + " " + exp + (exp.contains("\n") ? "\n" : ", ")
                + "ConvKit " + got;
    }

    /** A compact, one-line form of a value: small tensors inline as nested lists, numbers without needless decimals. */
    static String show(Object v) {
        if (v instanceof Tensor t) return inline(t);
        if (v instanceof Double || v instanceof Float) return num(((Number) v).doubleValue());
        if (v instanceof Shape s) return s.toString();
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i == 0 ? "" : ", ").append(show(l.get(i)));
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** Tensors up to this many elements are printed inline. */
    static final int INLINE = 16;

    static String inline(Tensor t) {
        if (t.size() > INLINE || t.rank() > 2) return "Tensor " + t.shape();
        float[] d = t.buffer();
        if (t.rank() == 1) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : ", ").append(num(d[i]));
            return sb.append(']').toString();
        }
        int w = t.dim(1);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.dim(0); i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < w; j++) sb.append(j == 0 ? "" : ", ").append(num(d[i * w + j]));
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Math.abs(v) < 1e-4) return String.format(java.util.Locale.ROOT, "%.1e", v);
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
