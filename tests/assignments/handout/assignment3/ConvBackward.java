package assignment3;

import convkit.tensor.Tensor;

/**
 * Assignment 3: the backward pass of a convolutional layer.
 * Lecture 6, §6.4 (卷积层), with the forward formula of §6.1.
 *
 * Shapes (NCHW, as in ConvKit):
 *   x  (N, C, H, W)   a batch of N inputs with C channels
 *   w  (F, C, U, V)   F filters, each spanning all C channels (卷积核深度 = 输入深度)
 *   b  (F)            one bias per filter
 *   y  (N, F, H2, W2) with H2 = (H - U + 2P)/S + 1, W2 = (W - V + 2P)/S + 1
 *
 * Forward (cross-correlation, as deep-learning layers compute it):
 *   y[n][f][i][j] = b[f] + sum over c, u, v of  w[f][c][u][v] * x[n][c][i*S + u - P][j*S + v - P]
 * where x reads as 0 outside the image (zero padding).
 *
 * Backward: given dy = dL/dy (same shape as y), return dL/dx, dL/dw and dL/db. Each output
 * y[n][f][i][j] touched the inputs and weights of its window, so its gradient dy[n][f][i][j]
 * flows back to exactly those, weighted by what they were multiplied with (chain rule).
 *
 * The grader checks your gradients against numerical ones: (L(θ + h) - L(θ - h)) / 2h.
 * Useful Tensor calls: Tensor.zeros(n, c, h, w), t.get(n, c, i, j), t.set(value, n, c, i, j), t.dim(k).
 * Check your work with:  ./convkit grade --assignment 3 --submission tests/assignments/handout/assignment3
 */
public class ConvBackward {

    /** The forward pass above: returns y of shape (N, F, H2, W2). */
    public static Tensor forward(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        // TODO
        throw new UnsupportedOperationException("TODO: forward");
    }

    /**
     * dx = dL/dx, shape (N, C, H, W):
     *   dx[n][c][i*S + u - P][j*S + v - P] += dy[n][f][i][j] * w[f][c][u][v]
     * for every n, f, i, j, c, u, v whose position lies inside the image (padding gets no gradient).
     * For S = 1 this is the full convolution of dy with the kernel: the kernel appears rotated by 180 degrees.
     */
    public static Tensor backwardInput(Tensor dy, Tensor x, Tensor w, int stride, int padding) {
        // TODO
        throw new UnsupportedOperationException("TODO: backwardInput");
    }

    /**
     * dw = dL/dw, shape (F, C, U, V):
     *   dw[f][c][u][v] = sum over n, i, j of  dy[n][f][i][j] * x[n][c][i*S + u - P][j*S + v - P]
     * (the same weight is shared by every window, so its gradient sums over all of them and the batch).
     */
    public static Tensor backwardWeights(Tensor dy, Tensor x, Tensor w, int stride, int padding) {
        // TODO
        throw new UnsupportedOperationException("TODO: backwardWeights");
    }

    /**
     * db = dL/db, shape (F):  db[f] = sum over n, i, j of dy[n][f][i][j].
     */
    public static Tensor backwardBias(Tensor dy) {
        // TODO
        throw new UnsupportedOperationException("TODO: backwardBias");
    }
}
