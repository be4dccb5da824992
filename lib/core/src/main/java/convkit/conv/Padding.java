package convkit.conv;

import convkit.tensor.ShapeException;

/**
 * How much zero padding a kernel gets: an explicit P, or one of the lecture's three modes
 * (§6.1, 窄卷积 / 宽卷积 / 等宽卷积), resolved once the kernel size is known.
 *
 * <pre>{@code
 * jshell> Padding.Mode.SAME.resolve(5, 1)      // P = (F - 1)/2
 * $1 ==> 2
 * jshell> Padding.Mode.WIDE.resolve(5, 1)      // P = F - 1
 * $2 ==> 4
 * }</pre>
 */
public sealed interface Padding {

    /** P for a kernel of length {@code f} with dilation {@code d} (it covers {@code d(f-1)+1} inputs). */
    int resolve(int f, int d);

    /** Explicit padding: {@code p} zeros on each side. */
    static Padding of(int p) {
        return new Explicit(p);
    }

    /** A fixed number of zeros on each side. */
    record Explicit(int p) implements Padding {
        public Explicit {
            if (p < 0) throw new ShapeException("padding must be 0 or more, got P=" + p);
        }

        @Override
        public int resolve(int f, int d) {
            return p;
        }

        @Override
        public String toString() {
            return "padding " + p;
        }
    }

    /** The lecture's three output lengths for stride 1. */
    enum Mode implements Padding {
        /** 窄卷积 narrow / "valid": P = 0, output M - F + 1. */
        NARROW,
        /** 宽卷积 wide / "full": P = F - 1, output M + F - 1. */
        WIDE,
        /** 等宽卷积 same: P = (F - 1)/2, output M; needs an odd F. */
        SAME;

        @Override
        public int resolve(int f, int d) {
            int span = d * (f - 1) + 1;
            switch (this) {
                case NARROW:
                    return 0;
                case WIDE:
                    return span - 1;
                default:
                    if (span % 2 == 0) {
                        throw new ShapeException("same (等宽) convolution pads P = (F - 1)/2 on each side, which needs an odd kernel;"
                                + " F=" + span + " gives P = " + (span - 1) + "/2. Use an odd kernel size, or explicit padding.");
                    }
                    return (span - 1) / 2;
            }
        }

        @Override
        public String toString() {
            return switch (this) {
                case NARROW -> "narrow (P=0)";
                case WIDE -> "wide (P=F-1)";
                case SAME -> "same (P=(F-1)/2)";
            };
        }
    }
}
