package convkit.pool;

import convkit.conv.Rounding;
import convkit.tensor.ShapeException;

/**
 * A pooling window: kind (max or average), window size, stride (by default equal to the window,
 * so windows do not overlap) and padding. Immutable.
 *
 * <p>Padding for max pooling never wins (padded positions count as minus infinity); average
 * pooling counts padded positions as zeros and divides by the full window size, as PyTorch's
 * {@code count_include_pad=True} does.
 *
 * <pre>{@code
 * jshell> PoolSpec.max(2).withStride(1)
 * $1 ==> max pool 2x2, stride 1, padding 0
 * }</pre>
 *
 * @param kind     MAX or AVG
 * @param window   K, the side of the square window, at least 1
 * @param stride   S, at least 1
 * @param padding  P, at most half the window
 * @param rounding STRICT (default) or FLOOR
 */
public record PoolSpec(Kind kind, int window, int stride, int padding, Rounding rounding) {

    public enum Kind {
        /** 最大池化: the largest value of the window. */
        MAX,
        /** 平均池化: the mean of the window. */
        AVG
    }

    /** Validates every field, so a spec that cannot pool does not exist. */
    public PoolSpec {
        if (kind == null) throw new ShapeException("pooling kind must be MAX or AVG, got null");
        if (window < 1) throw new ShapeException("pooling window must be at least 1, got " + window);
        if (stride < 1) throw new ShapeException("pooling stride must be at least 1, got S=" + stride);
        if (padding < 0) throw new ShapeException("pooling padding must be 0 or more, got P=" + padding);
        if (2 * padding > window) {
            throw new ShapeException("pooling padding P=" + padding + " is more than half the window " + window
                    + "; a window could then hold only padding (PyTorch rejects this too)");
        }
        if (rounding == null) throw new ShapeException("rounding must be STRICT or FLOOR, got null");
    }

    /** Max pooling over window x window, stride = window, no padding, strict sizes. */
    public static PoolSpec max(int window) {
        return new PoolSpec(Kind.MAX, window, window, 0, Rounding.STRICT);
    }

    /** Average pooling over window x window, stride = window, no padding, strict sizes. */
    public static PoolSpec avg(int window) {
        return new PoolSpec(Kind.AVG, window, window, 0, Rounding.STRICT);
    }

    /** The same spec with stride {@code s}. */
    public PoolSpec withStride(int s) {
        return new PoolSpec(kind, window, s, padding, rounding);
    }

    /** The same spec with padding {@code p}. */
    public PoolSpec withPadding(int p) {
        return new PoolSpec(kind, window, stride, p, rounding);
    }

    /** The same spec with {@link Rounding#FLOOR}. */
    public PoolSpec floor() {
        return new PoolSpec(kind, window, stride, padding, Rounding.FLOOR);
    }

    @Override
    public String toString() {
        return (kind == Kind.MAX ? "max" : "avg") + " pool " + window + "x" + window + ", stride " + stride
                + ", padding " + padding + (rounding == Rounding.FLOOR ? ", floor" : "");
    }
}
