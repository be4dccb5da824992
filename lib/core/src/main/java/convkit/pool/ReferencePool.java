package convkit.pool;

import convkit.tensor.Tensor;

/**
 * The lecture's pooling of one feature map (§6.3, 池化), as loops over m, n (the output) and
 * u, v (the region).
 *
 * <pre>{@code
 * max pooling       y_mn = max_{i in R_mn} x_i
 * average pooling   y_mn = (1/|R_mn|) sum_{i in R_mn} x_i
 * output size       M2 = (M - K + 2P)/S + 1
 * }</pre>
 *
 * <p>The region R_mn of output (m, n) is the K x K window whose top-left cell is
 * {@code x[m*S - P][n*S - P]} (0-based here, as Java counts). Cells in the zero padding never win
 * the max and count as 0 in the average, which divides by K*K. The batched reference
 * ({@link Pool2dKernels#reference()}) runs this room on every (image, channel) map.
 */
public final class ReferencePool {
    private ReferencePool() {}

    /** Pools an (M, N) feature map: (M2, N2). */
    public static Tensor pool(Tensor x, PoolSpec s) {
        java.util.Objects.requireNonNull(x, "ReferencePool.pool: x must not be null");
        java.util.Objects.requireNonNull(s, "ReferencePool.pool: the spec must not be null; e.g. PoolSpec.max(2)");
        x.requireRank(2, "ReferencePool: x (one (M, N) feature map)");
        int k = s.window();
        int m2 = PoolChecks.size(x.dim(0), s, "pool2d: output height"), n2 = PoolChecks.size(x.dim(1), s, "pool2d: output width");
        Tensor y = Tensor.zeros(m2, n2);
        for (int m = 0; m < m2; m++)
            for (int n = 0; n < n2; n++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int u = 0; u < k; u++)
                    for (int v = 0; v < k; v++) {
                        int r = m * s.stride() + u - s.padding(), q = n * s.stride() + v - s.padding();
                        if (r < 0 || r >= x.dim(0) || q < 0 || q >= x.dim(1)) continue; // padding: 0 for avg, never the max
                        max = Math.max(max, x.get(r, q));
                        sum += x.get(r, q);
                    }
                y.set(s.kind() == PoolSpec.Kind.MAX ? max : sum / (k * k), m, n);
            }
        return y;
    }
}
