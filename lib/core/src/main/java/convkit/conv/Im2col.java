package convkit.conv;

/**
 * Unrolls convolution windows into the columns of a matrix ("im2col") and adds them back
 * ("col2im"), so that a convolution becomes one matrix product.
 *
 * <p>Layout for a group of g images: row {@code k = (c*U + u)*V + v} of the matrix holds, for
 * every image of the group and every output position (i, j), the input value the kernel tap
 * (c, u, v) sees there: {@code col[k][gi*H2*W2 + i*W2 + j] = x[n0+gi][c][i*S + u*D - P][j*S + v*D - P]},
 * zero in the padding. Rows are {@code ld} floats apart. The batch x spatial positions are the
 * long dimension, which the matrix product puts on the SIMD lanes.
 */
final class Im2col {
    private Im2col() {}

    /** Everything both directions need to know about one convolution. */
    record Geometry(int batch, int channels, int height, int width, int filters, int kh, int kw, int h2, int w2, ConvSpec spec) {
        int positions() {
            return h2 * w2;
        }

        int taps() {
            return channels * kh * kw;
        }
    }

    static void im2col(float[] x, Geometry g, int n0, int images, float[] col, int ld) {
        ConvSpec s = g.spec();
        int hw = g.height() * g.width(), p = g.positions();
        for (int c = 0; c < g.channels(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++) {
                    int row = ((c * g.kh() + u) * g.kw() + v) * ld;
                    int off = v * s.dilationW() - s.padW();
                    int jLo = firstInside(off, s.strideW()), jHi = endInside(off, s.strideW(), g.width(), g.w2());
                    for (int gi = 0; gi < images; gi++) {
                        int src = ((n0 + gi) * g.channels() + c) * hw;
                        for (int i = 0; i < g.h2(); i++) {
                            int dst = row + gi * p + i * g.w2();
                            int r = i * s.strideH() + u * s.dilationH() - s.padH();
                            if (r < 0 || r >= g.height() || jLo >= jHi) {
                                java.util.Arrays.fill(col, dst, dst + g.w2(), 0f);
                                continue;
                            }
                            int xr = src + r * g.width() + off;
                            for (int j = 0; j < jLo; j++) col[dst + j] = 0f;
                            if (s.strideW() == 1) {
                                System.arraycopy(x, xr + jLo, col, dst + jLo, jHi - jLo);
                            } else {
                                for (int j = jLo; j < jHi; j++) col[dst + j] = x[xr + j * s.strideW()];
                            }
                            for (int j = jHi; j < g.w2(); j++) col[dst + j] = 0f;
                        }
                    }
                }
    }

    /** The reverse of {@link #im2col}: adds each column entry to the input position it came from (dx must start at zero). */
    static void col2im(float[] col, int ld, Geometry g, int n0, int images, float[] dx) {
        ConvSpec s = g.spec();
        int hw = g.height() * g.width(), p = g.positions();
        for (int gi = 0; gi < images; gi++) {
            for (int c = 0; c < g.channels(); c++) {
                int dst = ((n0 + gi) * g.channels() + c) * hw;
                for (int u = 0; u < g.kh(); u++)
                    for (int v = 0; v < g.kw(); v++) {
                        int row = ((c * g.kh() + u) * g.kw() + v) * ld + gi * p;
                        int off = v * s.dilationW() - s.padW();
                        int jLo = firstInside(off, s.strideW()), jHi = endInside(off, s.strideW(), g.width(), g.w2());
                        for (int i = 0; i < g.h2(); i++) {
                            int r = i * s.strideH() + u * s.dilationH() - s.padH();
                            if (r < 0 || r >= g.height()) continue;
                            int xr = dst + r * g.width() + off, cr = row + i * g.w2();
                            for (int j = jLo; j < jHi; j++) dx[xr + j * s.strideW()] += col[cr + j];
                        }
                    }
            }
        }
    }

    /** First output column j whose input column j*S + off is >= 0. */
    private static int firstInside(int off, int stride) {
        return off >= 0 ? 0 : (-off + stride - 1) / stride; // ceil(-off / S)
    }

    /** One past the last output column j (at most w2) whose input column j*S + off is < width. */
    private static int endInside(int off, int stride, int width, int w2) {
        int last = width - 1 - off;
        if (last < 0) return 0;
        return Math.min(w2, last / stride + 1);
    }
}
