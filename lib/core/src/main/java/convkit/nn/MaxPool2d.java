package convkit.nn;

import convkit.pool.PoolSpec;

/**
 * Max pooling (最大池化): each window gives its largest value; backward sends each gradient to the
 * position that won its window. Shapes as in {@link Pool2dLayer}.
 */
public final class MaxPool2d extends Pool2dLayer {

    /** Non-overlapping {@code window x window} windows (stride = window, no padding). */
    public MaxPool2d(int window) {
        this(PoolSpec.max(window));
    }

    public MaxPool2d(int window, int stride, int padding) {
        this(PoolSpec.max(window).withStride(stride).withPadding(padding));
    }

    public MaxPool2d(PoolSpec spec) {
        super(spec, PoolSpec.Kind.MAX);
    }
}
