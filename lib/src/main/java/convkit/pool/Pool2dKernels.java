package convkit.pool;

import convkit.tensor.Tensor;

/**
 * The seam between the public pooling calls ({@link Pool}, the {@code nn} pooling layers) and an
 * implementation. Shapes: x (N, C, H, W) gives (N, C, H2, W2) with {@code H2 = (H - K + 2P)/S + 1};
 * each channel is pooled on its own.
 */
public interface Pool2dKernels {

    Tensor forward(Tensor x, PoolSpec spec);

    /**
     * Gradient with respect to x given dy. Max pooling sends each dy to the position that won
     * its window (the first one, row-major, on ties); average pooling spreads dy evenly.
     */
    Tensor backward(Tensor dy, Tensor x, PoolSpec spec);

    static Pool2dKernels reference() {
        return ReferencePool2d.INSTANCE;
    }

    /** The implementation public calls use when none is named. */
    static Pool2dKernels standard() {
        return reference();
    }
}
