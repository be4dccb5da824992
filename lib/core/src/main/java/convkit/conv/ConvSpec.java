package convkit.conv;

import convkit.tensor.ShapeException;

/**
 * How a kernel slides: stride S, zero padding P and dilation D, per axis (height, width), and
 * the {@link Rounding} policy. Immutable; a spec with stride 0 or negative padding cannot exist.
 *
 * <pre>{@code
 * jshell> ConvSpec.DEFAULT                        // S=1, P=0, D=1: the lecture's narrow (valid) convolution
 * $1 ==> stride 1, padding 0
 * jshell> ConvSpec.padding(2)                     // the lecture's 32x32x3, 5x5, pad 2 example
 * $2 ==> stride 1, padding 2
 * jshell> ConvSpec.stride(2).withPadding(1).floor()
 * $3 ==> stride 2, padding 1, floor
 * }</pre>
 *
 * @param strideH   S along the height, at least 1
 * @param strideW   S along the width, at least 1
 * @param padH      zero rows added above and below, 0 or more
 * @param padW      zero columns added left and right, 0 or more
 * @param dilationH D along the height (1 = ordinary kernel)
 * @param dilationW D along the width
 * @param rounding  STRICT (default) or FLOOR
 */
public record ConvSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, Rounding rounding) {

    /** Stride 1, no padding, no dilation, strict sizes. */
    public static final ConvSpec DEFAULT = new ConvSpec(1, 1, 0, 0, 1, 1, Rounding.STRICT);

    /** Validates every field; a spec with stride 0 or negative padding cannot exist. */
    public ConvSpec {
        if (strideH < 1 || strideW < 1) {
            throw new ShapeException("stride must be at least 1, got S=" + (strideH == strideW ? strideH : "(" + strideH + ", " + strideW + ")")
                    + "; the stride is how many positions the window moves per output (S=0 would never move)");
        }
        if (padH < 0 || padW < 0) {
            throw new ShapeException("padding must be 0 or more, got P=" + (padH == padW ? padH : "(" + padH + ", " + padW + ")")
                    + "; P is the number of zero rings added around the input");
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new ShapeException("dilation must be at least 1, got D=" + (dilationH == dilationW ? dilationH : "(" + dilationH + ", " + dilationW + ")")
                    + "; D=1 is an ordinary kernel, D=2 skips every other input");
        }
        if (rounding == null) throw new ShapeException("rounding must be STRICT or FLOOR, got null");
    }

    /** Stride {@code s} on both axes, no padding. */
    public static ConvSpec stride(int s) {
        return DEFAULT.withStride(s);
    }

    /** Zero padding {@code p} on every side, stride 1. */
    public static ConvSpec padding(int p) {
        return DEFAULT.withPadding(p);
    }

    /** Dilation {@code d} on both axes. */
    public static ConvSpec dilation(int d) {
        return DEFAULT.withDilation(d);
    }

    /** A 1D spec for inputs of shape (N, C, 1, L): the height axis is left alone. */
    public static ConvSpec oneD(int stride, int padding, int dilation) {
        return new ConvSpec(1, stride, 0, padding, 1, dilation, Rounding.STRICT);
    }

    /** The same spec with stride {@code s} on both axes. */
    public ConvSpec withStride(int s) {
        return new ConvSpec(s, s, padH, padW, dilationH, dilationW, rounding);
    }

    /** The same spec with padding {@code p} on every side. */
    public ConvSpec withPadding(int p) {
        return new ConvSpec(strideH, strideW, p, p, dilationH, dilationW, rounding);
    }

    /** The same spec with dilation {@code d} on both axes. */
    public ConvSpec withDilation(int d) {
        return new ConvSpec(strideH, strideW, padH, padW, d, d, rounding);
    }

    /** The same spec with the given rounding policy. */
    public ConvSpec withRounding(Rounding r) {
        return new ConvSpec(strideH, strideW, padH, padW, dilationH, dilationW, r);
    }

    /** Same spec, but partial windows at the end are dropped instead of rejected. */
    public ConvSpec floor() {
        return withRounding(Rounding.FLOOR);
    }

    /** Reads like the lecture: {@code stride 2, padding 1}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("stride ").append(pair(strideH, strideW)).append(", padding ").append(pair(padH, padW));
        if (dilationH != 1 || dilationW != 1) sb.append(", dilation ").append(pair(dilationH, dilationW));
        if (rounding == Rounding.FLOOR) sb.append(", floor");
        return sb.toString();
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }
}
