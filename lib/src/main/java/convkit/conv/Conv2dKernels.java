package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * The seam between ConvKit's public calls ({@link Kernel2d}, {@link Kernel1d}, {@link Conv}, the
 * {@code nn.Conv2d} layer) and an implementation of multi-channel 2D cross-correlation.
 *
 * <p>Shapes (NCHW): x (N, C, H, W), w (F, C, U, V), b (F) or null, y (N, F, H2, W2) with
 * {@code H2 = (H - D(U-1) - 1 + 2P)/S + 1}. True convolution is correlation with
 * {@link Conv#rot180(Tensor)} weights, so implementations provide correlation only.
 *
 * <p>{@link #reference()} mirrors the lecture's formula; every implementation must agree with it.
 */
public interface Conv2dKernels {

    /** {@code y[n][f][i][j] = b[f] + sum_c sum_u sum_v w[f][c][u][v] * x[n][c][i*S + u*D - P][j*S + v*D - P]}. */
    Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec spec);

    /** Gradient of the loss with respect to x, given dy = dL/dy: shape {@code xShape}. */
    Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec spec);

    /** Gradient of the loss with respect to w, given dy and the forward input x: shape {@code wShape}. */
    Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec spec);

    /** Gradient with respect to b: dy summed over N, H2 and W2, shape (F). */
    Tensor backwardBias(Tensor dy);

    /** The readable implementation that mirrors the lecture's formula. */
    static Conv2dKernels reference() {
        return ReferenceConv2d.INSTANCE;
    }

    /** The implementation public calls use when none is named. */
    static Conv2dKernels standard() {
        return reference();
    }
}
