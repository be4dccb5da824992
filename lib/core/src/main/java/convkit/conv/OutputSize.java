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
        return new Axis("output size", new int[] {w1, 0, 1, 0, 1}, Rounding.STRICT);
    }

    /**
     * The lecture's formula along one axis, with every quantity named where it is set.
     * Immutable: each setter returns a new axis. The formula is
     * <pre>{@code W2 = (W1 - F + 2P)/S + 1}</pre>
     * with input length W1, kernel length F (with dilation D it covers {@code D(F - 1) + 1}),
     * zero padding P on each side and stride S.
     */
    public static final class Axis {
        private static final int W1 = 0, F = 1, S = 2, P = 3, D = 4;
        private final String what;
        private final int[] q;   // W1, F, S, P, D
        private final Rounding rounding;

        private Axis(String what, int[] q, Rounding rounding) {
            this.what = what;
            this.q = q;
            this.rounding = rounding;
        }

        /** This axis with quantity {@code i} set to {@code v}. */
        private Axis set(int i, int v) {
            int[] copy = q.clone();
            copy[i] = v;
            return new Axis(what, copy, rounding);
        }

        /** F, the kernel (window) length; required. */
        public Axis kernel(int f) {
            return set(F, f);
        }

        /** S, the stride (default 1). */
        public Axis stride(int s) {
            return set(S, s);
        }

        /** P, zeros added at each end (default 0). */
        public Axis padding(int p) {
            return set(P, p);
        }

        /** D, the dilation (default 1, an ordinary kernel). */
        public Axis dilation(int d) {
            return set(D, d);
        }

        /** STRICT (the default) rejects a size that is not whole; FLOOR rounds it down. */
        public Axis rounding(Rounding r) {
            return new Axis(what, q, r);
        }

        /** {@link #rounding(Rounding) rounding(Rounding.FLOOR)}: drop a partial last window. */
        public Axis floor() {
            return rounding(Rounding.FLOOR);
        }

        /** What the size is called in an error message, e.g. "conv2d: output width" (default "output size"). */
        public Axis named(String what) {
            return new Axis(what, q, rounding);
        }

        /**
         * W2 = (W1 - F + 2P)/S + 1.
         *
         * @throws ShapeException when the kernel is larger than the padded input, the result is not whole
         *         under STRICT, or a quantity is out of range (F not set, S = 0, ...); the message fills the formula in
         */
        public int length() {
            return of(what, q[W1], q[F], q[S], q[P], q[D], rounding);
        }

        /** The formula with the numbers filled in, and its value when the sizes fit. */
        @Override
        public String toString() {
            String formula = "W2 = (W1 - F + 2P)/S + 1 = (" + q[W1] + " - " + (q[D] * (q[F] - 1) + 1) + " + " + (2 * q[P]) + ")/" + q[S] + " + 1";
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
        // long arithmetic: a huge P, F or D must not wrap around inside the formula or the message
        long span = (long) d * (f - 1) + 1;
        long numerator = in - span + 2L * p;
        if (numerator < 0) {
            String formula = formula(in, f, d, span, p, s);
            throw new ShapeException(what + ": the kernel is larger than the padded input.\n"
                    + "  kernel F=" + f + (d == 1 ? "" : " (dilation " + d + " -> covers " + span + ")")
                    + ", input W1=" + in + ", padding P=" + p + ": padded input W1 + 2P = " + (in + 2L * p) + " < " + span + "\n"
                    + "  " + formula + " = " + numerator + "/" + s + " + 1 has no valid window.\n"
                    + "  Use a smaller kernel, or padding P >= " + ceilDiv(span - in, 2) + ".");
        }
        if (numerator % s != 0 && rounding == Rounding.STRICT) {
            String fTerm = d == 1 ? Integer.toString(f) : Long.toString(span), formula = formula(in, f, d, span, p, s);
            throw new ShapeException(what + " is not a whole number.\n"
                    + "  input W1=" + in + ", kernel F=" + fTerm + ", stride S=" + s + ", padding P=" + p + "\n"
                    + "  W2 = " + formula + " = " + numerator + "/" + s + " + 1 = "
                    + String.format(java.util.Locale.ROOT, "%.2f", numerator / (double) s + 1) + "\n"
                    + "  " + suggestion(in, span, s, p) + ", or Rounding.FLOOR (spec.floor()) to drop the last partial window.");
        }
        long out = numerator / s + 1;
        if (out > Integer.MAX_VALUE - 8) {
            throw new ShapeException(what + ": " + formula(in, f, d, span, p, s) + " = " + out + " is more positions than a tensor can hold ("
                    + (Integer.MAX_VALUE - 8) + ");\n  the padding P=" + p + " is far too large:"
                    + " padding adds P zeros on each side, usually P <= (F - 1)/2 or F - 1.");
        }
        return (int) out;
    }

    /** The formula with the numbers filled in, for the messages only (built when one is thrown: strings cost a first call ~50 ms). */
    private static String formula(int in, int f, int d, long span, int p, int s) {
        String fTerm = d == 1 ? Integer.toString(f) : Long.toString(span);
        return "(W1 - F + 2P)/S + 1 = (" + in + " - " + fTerm + " + " + (2L * p) + ")/" + s + " + 1";
    }

    private static String suggestion(int in, long span, int s, int p) {
        long numerator = in - span + 2L * p;
        List<String> tries = new ArrayList<>();
        // bounded loops: a huge stride or padding must not turn the message into a hang
        for (long s2 = Math.min(s - 1L, numerator); s2 >= 1 && tries.size() < 1; s2--) if (numerator % s2 == 0) tries.add("stride " + s2);
        for (long s2 = s + 1L; s2 <= Math.min(numerator, s + 1000L) && tries.size() < 2; s2++) if (numerator % s2 == 0) tries.add("stride " + s2);
        String text = tries.isEmpty() ? "Try another stride" : "Try " + String.join(" or ", tries);
        for (long p2 = p + 1; p2 <= (long) p + Math.min(s, 1000); p2++) {
            long n2 = in - span + 2 * p2;
            if (n2 % s == 0) {
                return text + ", or padding " + p2 + " (-> (" + in + " - " + span + " + " + (2 * p2) + ")/" + s + " + 1 = " + (n2 / s + 1) + ")";
            }
        }
        return text + " (with stride " + s + " no padding fits: " + (in - span) + " + 2P is never a multiple of " + s + ")";
    }

    private static long ceilDiv(long a, long b) {
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
        java.util.Objects.requireNonNull(x, "conv2d: the input shape x must not be null");
        java.util.Objects.requireNonNull(w, "conv2d: the weight shape w must not be null");
        java.util.Objects.requireNonNull(spec, "conv2d: spec must not be null; use ConvSpec.DEFAULT for stride 1, no padding");
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
