package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * Multi-channel 2D cross-correlation written as the lecture writes it.
 *
 * <p>Lecture §6.4: each output channel f of image n is the bias plus the single-channel
 * correlation of the lecture ({@link Reference2d}, {@code y_ij = sum_u sum_v w_uv x_{i+u-1, j+v-1}})
 * summed over the input channels c: {@code y[n][f] = b[f] + sum_c Reference2d(x[n][c], w[f][c])}.
 * Sums are kept in double. Speed does not matter here; being easy to check against the slide does.
 */
final class ReferenceConv2d implements Conv2dKernels {
    static final ReferenceConv2d INSTANCE = new ReferenceConv2d();

    private ReferenceConv2d() {}

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s) {
        Shape out = OutputSize.conv2d(x.shape(), w.shape(), s);
        ConvChecks.checkBias(b, w.dim(0));
        Tensor y = Tensor.zeros(out);
        for (int n = 0; n < out.dim(0); n++) {
            Tensor xn = x.at(n);
            for (int f = 0; f < out.dim(1); f++) {
                double[][] sum = new double[out.dim(2)][out.dim(3)];
                for (double[] row : sum) java.util.Arrays.fill(row, b == null ? 0 : b.get(f));
                for (int c = 0; c < x.dim(1); c++) Reference2d.add(xn.at(c), w.at(f).at(c), s, false, sum);
                for (int i = 0; i < out.dim(2); i++)
                    for (int j = 0; j < out.dim(3); j++) y.set(sum[i][j], n, f, i, j);
            }
        }
        return y;
    }

    /** Each output's gradient flows back to the inputs its window touched, weighted by w: dx[..][h][w] += dy * w. */
    @Override
    public Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec s) {
        ConvChecks.checkGradShape(dy, OutputSize.conv2d(xShape, w.shape(), s));
        double[] dx = new double[xShape.size()];
        int channels = xShape.dim(1), height = xShape.dim(2), width = xShape.dim(3);
        for (int n = 0; n < dy.dim(0); n++)
            for (int f = 0; f < dy.dim(1); f++)
                for (int i = 0; i < dy.dim(2); i++)
                    for (int j = 0; j < dy.dim(3); j++)
                        for (int c = 0; c < channels; c++)
                            for (int u = 0; u < w.dim(2); u++)
                                for (int v = 0; v < w.dim(3); v++) {
                                    int r = i * s.strideH() + u * s.dilationH() - s.padH();
                                    int q = j * s.strideW() + v * s.dilationW() - s.padW();
                                    if (r >= 0 && r < height && q >= 0 && q < width) {
                                        dx[((n * channels + c) * height + r) * width + q] += dy.get(n, f, i, j) * w.get(f, c, u, v);
                                    }
                                }
        return toTensor(dx, xShape);
    }

    /** dw[f][c][u][v] = sum over n, i, j of dy[n][f][i][j] * x[n][c][i*S + u*D - P][j*S + v*D - P]. */
    @Override
    public Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec s) {
        ConvChecks.checkGradShape(dy, OutputSize.conv2d(x.shape(), wShape, s));
        Tensor dw = Tensor.zeros(wShape);
        for (int f = 0; f < wShape.dim(0); f++)
            for (int c = 0; c < wShape.dim(1); c++)
                for (int u = 0; u < wShape.dim(2); u++)
                    for (int v = 0; v < wShape.dim(3); v++) {
                        double sum = 0;
                        for (int n = 0; n < dy.dim(0); n++)
                            for (int i = 0; i < dy.dim(2); i++)
                                for (int j = 0; j < dy.dim(3); j++)
                                    sum += dy.get(n, f, i, j) * input(x, n, c, i * s.strideH() + u * s.dilationH() - s.padH(),
                                            j * s.strideW() + v * s.dilationW() - s.padW());
                        dw.set(sum, f, c, u, v);
                    }
        return dw;
    }

    @Override
    public Tensor backwardBias(Tensor dy) {
        dy.requireRank(4, "conv2d backwardBias: dy");
        Tensor db = Tensor.zeros(dy.dim(1));
        for (int f = 0; f < dy.dim(1); f++) {
            double sum = 0;
            for (int n = 0; n < dy.dim(0); n++)
                for (int i = 0; i < dy.dim(2); i++)
                    for (int j = 0; j < dy.dim(3); j++) sum += dy.get(n, f, i, j);
            db.set(sum, f);
        }
        return db;
    }

    /** x[n][c][r][q], or 0 where (r, q) falls in the zero padding. */
    private static double input(Tensor x, int n, int c, int r, int q) {
        if (r < 0 || r >= x.dim(2) || q < 0 || q >= x.dim(3)) return 0;
        return x.get(n, c, r, q);
    }

    private static Tensor toTensor(double[] values, Shape shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return Tensor.wrap(f, shape);
    }
}
