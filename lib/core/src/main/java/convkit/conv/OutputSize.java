package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every output-size calculation of the library, in one place: the lecture's
 * {@code W2 = (W1 - F + 2P)/S + 1}. When a size does not fit, the {@link ShapeException}
 * fills the formula in with the numbers and suggests a fix.
 *
 * <p>With dilation D the kernel covers {@code D(F - 1) + 1} inputs, which takes the place of F.
 *
 * <pre>{@code
 * jshell> OutputSize.input(7).kernel(3).stride(2).length()          // (7 - 3 + 0)/2 + 1
 * $1 ==> 3
 * jshell> OutputSize.input(7).kernel(3).stride(2).padding(1)
 * $2 ==> W2 = (W1 - F + 2P)/S + 1 = (7 - 3 + 2)/2 + 1 = 4
 * jshell> OutputSize.conv2d(Shape.of(8, 3, 32, 32), Shape.of(10, 3, 5, 5), ConvSpec.padding(2))
 * $3 ==> (8, 10, 32, 32)
 * }</pre>
 */
public final class OutputSize {
    private OutputSize() {}

    /**
     * Starts the calculation for one axis of input length W1; name the other quantities, then
     * call {@link Axis#length()}: {@code OutputSize.input(32).kernel(5).padding(2).length()} is 32.
     * Unnamed quantities keep the lecture's defaults: S = 1, P = 0, D = 1, strict rounding.
     */
    public static Axis input(int w1) {
        return new Axis("output size", w1, 0, 1, 0, 1, Rounding.STRICT);
    }

    /**
     * The lecture's formula along one axis, with every quantity named where it is set.
     * Immutable: each setter returns a new axis. The formula is
     * <pre>{@code W2 = (W1 - F + 2P)/S + 1}</pre>
     * with input length W1, kernel length F (with dilation D it covers {@code D(F - 1) + 1}),
     * zero padding P on each side and stride S.
     */
    public static final class Axis {
        private final String what;
        private final int in, f, s, p, d;
        private final Rounding rounding;

        private Axis(String what, int in, int f, int s, int p, int d, Rounding rounding) {
            this.what = what;
            this.in = in;
            this.f = f;
            this.s = s;
            this.p = p;
            this.d = d;
            this.rounding = rounding;
        }

        /** F, the kernel (window) length; required. */
        public Axis kernel(int f) {
            return new Axis(what, in, f, s, p, d, rounding);
        }

        /** S, the stride (default 1). */
        public Axis stride(int s) {
            return new Axis(what, in, f, s, p, d, rounding);
        }

        /** P, zeros added at each end (default 0). */
        public Axis padding(int p) {
            return new Axis(what, in, f, s, p, d, rounding);
        }

        /** D, the dilation (default 1, an ordinary kernel). */
        public Axis dilation(int d) {
            return new Axis(what, in, f, s, p, d, rounding);
        }

        /** STRICT (the default) rejects a size that is not whole; FLOOR rounds it down. */
        public Axis rounding(Rounding r) {
            return new Axis(what, in, f, s, p, d, r);
        }

        /** {@link #rounding(Rounding) rounding(Rounding.FLOOR)}: drop a partial last window. */
        public Axis floor() {
            return rounding(Rounding.FLOOR);
        }

        /** What the size is called in an error message, e.g. "conv2d: output width" (default "output size"). */
        public Axis named(String what) {
            return new Axis(what, in, f, s, p, d, rounding);
        }

        /**
         * W2 = (W1 - F + 2P)/S + 1.
         *
         * @throws ShapeException when the kernel is larger than the padded input, the result is not whole
         *         under STRICT, or a quantity is out of range (F not set, S = 0, ...); the message fills the formula in
         */
        public int length() {
            return of(what, in, f, s, p, d, rounding);
        }

        /** The formula with the numbers filled in, and its value when the sizes fit. */
        @Override
        public String toString() {
            String formula = "W2 = (W1 - F + 2P)/S + 1 = (" + in + " - " + (d == 1 ? f : d * (f - 1) + 1) + " + " + (2 * p) + ")/" + s + " + 1";
            try {
                return formula + " = " + length();
            } catch (ShapeException e) {
                return formula + ": does not fit (length() says why)";
            }
        }
    }

    /**
     * The formula itself, {@code W2 = (W1 - F + 2P)/S + 1}, with F read as the span D(F - 1) + 1
     * of a dilated kernel; the checks before the last line turn a size that does not fit into a
     * message with the numbers filled in.
     */
    private static int of(String what, int in, int f, int s, int p, int d, Rounding rounding) {
        if (s < 1) {
            throw new ShapeException(what + ": stride must be at least 1, got S=" + s);
        }
        if (in < 1) throw new ShapeException(what + ": input length W1=" + in + " must be at least 1");
        if (f < 1) throw new ShapeException(what + ": kernel length F=" + f + " must be at least 1" + (f == 0 ? " (set it with .kernel(F))" : ""));
        if (p < 0) throw new ShapeException(what + ": padding must be 0 or more, got P=" + p);
        if (d < 1) throw new ShapeException(what + ": dilation must be at least 1, got D=" + d);
        if (rounding == null) throw new ShapeException(what + ": rounding must be STRICT or FLOOR, got null");
        int span = d * (f - 1) + 1;
        int numerator = in - span + 2 * p;
        String fTerm = d == 1 ? Integer.toString(f) : Integer.toString(span);
        String formula = "(W1 - F + 2P)/S + 1 = (" + in + " - " + fTerm + " + " + (2 * p) + ")/" + s + " + 1";
        if (numerator < 0) {
            throw new ShapeException(what + ": the kernel is larger than the padded input.\n"
                    + "  kernel F=" + f + (d == 1 ? "" : " (dilation " + d + " -> covers " + span + ")")
                    + ", input W1=" + in + ", padding P=" + p + ": padded input W1 + 2P = " + (in + 2 * p) + " < " + span + "\n"
                    + "  " + formula + " = " + numerator + "/" + s + " + 1 has no valid window.\n"
                    + "  Use a smaller kernel, or padding P >= " + ceilDiv(span - in, 2) + ".");
        }
        if (numerator % s != 0 && rounding == Rounding.STRICT) {
            throw new ShapeException(what + " is not a whole number.\n"
                    + "  input W1=" + in + ", kernel F=" + fTerm + ", stride S=" + s + ", padding P=" + p + "\n"
                    + "  W2 = " + formula + " = " + numerator + "/" + s + " + 1 = "
                    + String.format(java.util.Locale.ROOT, "%.2f", numerator / (double) s + 1) + "\n"
                    + "  " + suggestion(in, span, s, p) + ", or Rounding.FLOOR (spec.floor()) to drop the last partial window.");
        }
        return numerator / s + 1;
    }

    private static String suggestion(int in, int span, int s, int p) {
        int numerator = in - span + 2 * p;
        List<String> tries = new ArrayList<>();
        for (int s2 = s - 1; s2 >= 1 && tries.size() < 1; s2--) if (numerator % s2 == 0) tries.add("stride " + s2);
        for (int s2 = s + 1; s2 <= numerator && tries.size() < 2; s2++) if (numerator % s2 == 0) tries.add("stride " + s2);
        String text = tries.isEmpty() ? "Try another stride" : "Try " + String.join(" or ", tries);
        for (int p2 = p + 1; p2 <= p + s; p2++) {
            int n2 = in - span + 2 * p2;
            if (n2 % s == 0) {
                return text + ", or padding " + p2 + " (-> (" + in + " - " + span + " + " + (2 * p2) + ")/" + s + " + 1 = " + (n2 / s + 1) + ")";
            }
        }
        return text + " (with stride " + s + " no padding fits: " + (in - span) + " + 2P is never a multiple of " + s + ")";
    }

    private static int ceilDiv(int a, int b) {
        return Math.max(0, (a + b - 1) / b);
    }

    /**
     * Output shape of a multi-channel 2D convolution or correlation: x (N, C, H, W) with
     * weights (F, C, U, V) gives (N, F, H2, W2). Checks ranks and that the kernel depth equals
     * the input depth (卷积核深度应该与输入一致).
     *
     * @param x    input shape (N, C, H, W)
     * @param w    weight shape (F, C, U, V)
     * @param spec stride, padding, dilation, rounding
     * @return (N, F, H2, W2)
     * @throws ShapeException on a wrong rank, a channel mismatch or a size that does not fit
     */
    public static Shape conv2d(Shape x, Shape w, ConvSpec spec) {
        if (x.rank() != 4) {
            throw new ShapeException("conv2d: x must be (N, C, H, W), got shape " + x + " (rank " + x.rank() + ")"
                    + (x.rank() == 2 ? ". A single (H, W) image? Use Kernel2d, or reshape to (1, 1, H, W)." : "")
                    + (x.rank() == 3 ? ". One (C, H, W) image? Reshape to (1, C, H, W)." : ""));
        }
        if (w.rank() != 4) {
            throw new ShapeException("conv2d: weights must be (F, C, U, V), got shape " + w + " (rank " + w.rank() + ")");
        }
        if (x.dim(1) != w.dim(1)) {
            throw new ShapeException("conv2d: x has C=" + x.dim(1) + " channels but the weights " + w
                    + " expect C=" + w.dim(1) + ".\n  The kernel depth must equal the input depth: a " + x.dim(1)
                    + "-channel input needs weights of shape (F, " + x.dim(1) + ", " + w.dim(2) + ", " + w.dim(3) + ").");
        }
        int h2 = input(x.dim(2)).kernel(w.dim(2)).stride(spec.strideH()).padding(spec.padH()).dilation(spec.dilationH())
                .rounding(spec.rounding()).named("conv2d: output height").length();
        int w2 = input(x.dim(3)).kernel(w.dim(3)).stride(spec.strideW()).padding(spec.padW()).dilation(spec.dilationW())
                .rounding(spec.rounding()).named("conv2d: output width").length();
        return Shape.of(x.dim(0), w.dim(0), h2, w2);
    }
}
