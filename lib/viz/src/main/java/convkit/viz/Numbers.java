package convkit.viz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as a person writes them, for labels, cells and printed results: {@code 1} rather than
 * {@code 1.0000000074505806}, {@code 0.111} rather than {@code 0.11111111}, {@code 1e12} rather than
 * {@code 1.0E12}. Whole numbers below a million print in full; other values keep a few significant
 * digits (3 unless asked), very large or very small ones in short exponent form.
 *
 * <pre>{@code
 * Numbers.format(1.0000000074505806)   // "1"
 * Numbers.format(1 / 9.0)              // "0.111"
 * Numbers.format(1e12)                 // "1e12"
 * Numbers.format(-0.000025)            // "-2.5e-5"
 * }</pre>
 */
public final class Numbers {
    private Numbers() {}

    /** Significant digits kept unless asked otherwise. */
    public static final int DIGITS = 3;
    /** From here on whole numbers are written in exponent form. */
    static final double LARGE = 1e6;
    /** Below this (and above 0) numbers are written in exponent form. */
    static final double SMALL = 1e-3;

    /** {@code v} with {@value #DIGITS} significant digits at most. */
    public static String format(double v) {
        return format(v, DIGITS);
    }

    /** {@code v} with at most {@code digits} significant digits (1..15); trailing zeros dropped. */
    public static String format(double v, int digits) {
        if (digits < 1 || digits > 15) throw new IllegalArgumentException("Numbers.format: digits " + digits + " is outside 1..15");
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        // float noise (1.0000000074505806 from a float sum) rounds away before deciding whether v is whole
        BigDecimal rounded = a == 0 ? BigDecimal.ZERO : new BigDecimal(v).round(new MathContext(Math.max(digits, 12), RoundingMode.HALF_EVEN));
        if (rounded.signum() == 0) return "0";
        boolean whole = rounded.stripTrailingZeros().scale() <= 0;
        if (whole && a < LARGE) return rounded.setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        BigDecimal r = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        if (r.abs().doubleValue() >= LARGE || r.abs().doubleValue() < SMALL) {
            int exp = r.precision() - r.scale() - 1;
            BigDecimal mantissa = r.movePointLeft(exp).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + exp;
        }
        return r.toPlainString();
    }

    /**
     * As {@link #format(double, int)} but never more than {@code decimals} digits after the point for
     * values from {@value #SMALL} up (a matrix of means printed to one decimal, say).
     */
    public static String format(double v, int digits, int decimals) {
        if (decimals < 0) throw new IllegalArgumentException("Numbers.format: decimals " + decimals + " is negative");
        if (Double.isFinite(v) && Math.abs(v) >= SMALL && Math.abs(v) < LARGE) {
            v = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
        }
        return format(v, digits);
    }
}
