package convkit.pool;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Pooling as the lecture defines it (§6.3), on batches: the forward pass runs {@link ReferencePool}
 * (max pooling {@code y_mn = max_{i in R_mn} x_i}, average pooling
 * {@code y_mn = (1/|R_mn|) sum_{i in R_mn} x_i}) on every (image, channel) feature map.
 */
final class ReferencePool2d implements Pool2dKernels {
    static final ReferencePool2d INSTANCE = new ReferencePool2d();

    private ReferencePool2d() {}

    @Override
    public Tensor forward(Tensor x, PoolSpec s) {
        Shape out = PoolChecks.outputShape(x.shape(), s);
        Tensor y = Tensor.zeros(out);
        int plane = out.dim(2) * out.dim(3);
        for (int n = 0; n < out.dim(0); n++) {
            Tensor xn = x.at(n);
            for (int c = 0; c < out.dim(1); c++) {
                Tensor map = ReferencePool.pool(xn.at(c), s);   // the lecture's pooling of one feature map
                System.arraycopy(map.buffer(), 0, y.buffer(), (n * out.dim(1) + c) * plane, plane);
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, Tensor x, PoolSpec s) {
        Shape out = PoolChecks.outputShape(x.shape(), s);
        if (!dy.shape().equals(out)) {
            throw new ShapeException("pool2d backward: dy has shape " + dy.shape() + " but the forward output was " + out);
        }
        Tensor dx = Tensor.zeros(x.shape());
        int k = s.window();
        for (int n = 0; n < out.dim(0); n++)
            for (int c = 0; c < out.dim(1); c++)
                for (int m = 0; m < out.dim(2); m++)
                    for (int q = 0; q < out.dim(3); q++) {
                        double g = dy.get(n, c, m, q);
                        int bestR = -1, bestC = -1;
                        double best = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u < k; u++)
                            for (int v = 0; v < k; v++) {
                                int r = m * s.stride() + u - s.padding(), col = q * s.stride() + v - s.padding();
                                if (r < 0 || r >= x.dim(2) || col < 0 || col >= x.dim(3)) continue;
                                if (s.kind() == PoolSpec.Kind.AVG) {
                                    dx.set(dx.get(n, c, r, col) + g / (k * k), n, c, r, col);
                                } else if (bestR < 0 || x.get(n, c, r, col) > best) { // the first value, or a larger one: a window of -inf still has a winner
                                    best = x.get(n, c, r, col);
                                    bestR = r;
                                    bestC = col;
                                }
                            }
                        if (s.kind() == PoolSpec.Kind.MAX && bestR >= 0) {
                            dx.set(dx.get(n, c, bestR, bestC) + g, n, c, bestR, bestC);
                        }
                    }
        return dx;
    }
}
