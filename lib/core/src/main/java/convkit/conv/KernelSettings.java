package convkit.conv;

import convkit.tensor.ShapeException;

/**
 * How a {@link Kernel1d} or {@link Kernel2d} slides over its input: stride S, zero padding P
 * (an explicit P, or the lecture's narrow / wide / same, 窄 / 宽 / 等宽), dilation D and the
 * {@link Rounding} policy. One type for 1D and 2D, so both kernels have the same settings under
 * the same names. Immutable; the kernels' setting methods ({@code stride}, {@code padding},
 * {@code dilation}, {@code narrow}, {@code wide}, {@code same}, {@code floor}) return new settings.
 *
 * <pre>{@code
 * jshell> Kernel1d.of(-1, 0, 1).stride(2).padding(1).settings()
 * $1 ==> stride 2, padding 1
 * jshell> Kernel2d.parse("1 8\n-5 6").settings()
 * $2 ==> stride 1, narrow (P=0)
 * }</pre>
 *
 * @param stride   S, at least 1
 * @param padding  P: explicit, or a {@link Padding.Mode} resolved once the kernel size is known
 * @param dilation D, at least 1 (1 = ordinary kernel)
 * @param rounding STRICT (the default) or FLOOR
 */
public record KernelSettings(int stride, Padding padding, int dilation, Rounding rounding) {

    /** Stride 1, narrow (P = 0), no dilation, strict sizes: where every kernel starts. */
    public static final KernelSettings DEFAULT = new KernelSettings(1, Padding.Mode.NARROW, 1, Rounding.STRICT);

    /** Validates every field with the same teaching messages as {@link ConvSpec}. */
    public KernelSettings {
        if (padding == null) throw new ShapeException("padding must be given: an explicit P, or narrow, wide or same; got null");
        new ConvSpec(stride, stride, 0, 0, dilation, dilation, rounding);
    }

    KernelSettings withStride(int s) {
        return new KernelSettings(s, padding, dilation, rounding);
    }

    KernelSettings withPadding(Padding p) {
        return new KernelSettings(stride, p, dilation, rounding);
    }

    KernelSettings withDilation(int d) {
        return new KernelSettings(stride, padding, d, rounding);
    }

    KernelSettings withRounding(Rounding r) {
        return new KernelSettings(stride, padding, dilation, r);
    }

    /** P for a kernel that is {@code f} long on the axis in question. */
    int pad(int f) {
        return padding.resolve(f, dilation);
    }

    /** Reads like the lecture: {@code stride 2, padding 1}, {@code stride 1, same (P=(F-1)/2), floor}. */
    @Override
    public String toString() {
        return "stride " + stride + ", " + padding + (dilation != 1 ? ", dilation " + dilation : "")
                + (rounding == Rounding.FLOOR ? ", floor" : "");
    }
}
