package convkit.nn;

import convkit.pool.PoolSpec;

/**
 * Average pooling (平均池化): each window gives its mean; backward spreads each gradient evenly over
 * its window. Shapes as in {@link Pool2dLayer}.
 */
public final class AvgPool2d extends Pool2dLayer {

    /** Non-overlapping {@code window x window} windows (stride = window, no padding). */
    public AvgPool2d(int window) {
        this(PoolSpec.avg(window));
    }

    public AvgPool2d(int window, int stride, int padding) {
        this(PoolSpec.avg(window).withStride(stride).withPadding(padding));
    }

    public AvgPool2d(PoolSpec spec) {
        super(spec, PoolSpec.Kind.AVG);
    }
}
