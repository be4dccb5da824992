package assignment3;

import convkit.tensor.Tensor;

/** Reference solution of assignment 3 (teachers only; do not hand out). */
public class ConvBackward {

    public static Tensor forward(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int f = w.dim(0), u = w.dim(2), v = w.dim(3);
        int h2 = (h - u + 2 * padding) / stride + 1, w2 = (wd - v + 2 * padding) / stride + 1;
        Tensor y = Tensor.zeros(n, f, h2, w2);
        for (int a = 0; a < n; a++)
            for (int k = 0; k < f; k++)
                for (int i = 0; i < h2; i++)
                    for (int j = 0; j < w2; j++) {
                        double sum = b.get(k);
                        for (int ch = 0; ch < c; ch++)
                            for (int uu = 0; uu < u; uu++)
                                for (int vv = 0; vv < v; vv++) {
                                    int r = i * stride + uu - padding, q = j * stride + vv - padding;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) sum += w.get(k, ch, uu, vv) * x.get(a, ch, r, q);
                                }
                        y.set(sum, a, k, i, j);
                    }
        return y;
    }

    public static Tensor backwardInput(Tensor dy, Tensor x, Tensor w, int stride, int padding) {
        int h = x.dim(2), wd = x.dim(3), c = x.dim(1), u = w.dim(2), v = w.dim(3);
        Tensor dx = Tensor.zeros(x.shape());
        for (int a = 0; a < dy.dim(0); a++)
            for (int k = 0; k < dy.dim(1); k++)
                for (int i = 0; i < dy.dim(2); i++)
                    for (int j = 0; j < dy.dim(3); j++)
                        for (int ch = 0; ch < c; ch++)
                            for (int uu = 0; uu < u; uu++)
                                for (int vv = 0; vv < v; vv++) {
                                    int r = i * stride + uu - padding, q = j * stride + vv - padding;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        dx.set(dx.get(a, ch, r, q) + dy.get(a, k, i, j) * w.get(k, ch, uu, vv), a, ch, r, q);
                                    }
                                }
        return dx;
    }

    public static Tensor backwardWeights(Tensor dy, Tensor x, Tensor w, int stride, int padding) {
        int h = x.dim(2), wd = x.dim(3);
        Tensor dw = Tensor.zeros(w.shape());
        for (int k = 0; k < w.dim(0); k++)
            for (int ch = 0; ch < w.dim(1); ch++)
                for (int uu = 0; uu < w.dim(2); uu++)
                    for (int vv = 0; vv < w.dim(3); vv++) {
                        double sum = 0;
                        for (int a = 0; a < dy.dim(0); a++)
                            for (int i = 0; i < dy.dim(2); i++)
                                for (int j = 0; j < dy.dim(3); j++) {
                                    int r = i * stride + uu - padding, q = j * stride + vv - padding;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) sum += dy.get(a, k, i, j) * x.get(a, ch, r, q);
                                }
                        dw.set(sum, k, ch, uu, vv);
                    }
        return dw;
    }

    public static Tensor backwardBias(Tensor dy) {
        Tensor db = Tensor.zeros(dy.dim(1));
        for (int k = 0; k < dy.dim(1); k++) {
            double sum = 0;
            for (int a = 0; a < dy.dim(0); a++)
                for (int i = 0; i < dy.dim(2); i++)
                    for (int j = 0; j < dy.dim(3); j++) sum += dy.get(a, k, i, j);
            db.set(sum, k);
        }
        return db;
    }
}
