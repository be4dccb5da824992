package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fast backward pass against centred finite differences of the fast forward pass,
 * {@code dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h} with {@code L = sum(dy * y)}.
 *
 * <p>L is linear in x (and in w), so a centred difference has no truncation error at any h: all
 * that is left is float rounding in y, about 1e-7 * sum|dy*y| (~1e-5 here), divided by 2h. With
 * h = 0.1 that is ~1e-4 against gradients of size ~1-10, hence a relative tolerance of 1e-3
 * (cs231n's measure, max|a - b| / max(|a| + |b|)), which a wrong index or a missing term exceeds
 * by orders of magnitude.
 */
class FastConv2dGradientTest {
    static final double H = 0.1;
    static final double TOLERANCE = 1e-3;

    static double loss(Tensor y, Tensor dy) {
        return y.dot(dy);
    }

    /** Centred differences of L with respect to every element of {@code p} (changed and restored in place). */
    static Tensor numeric(Tensor p, Function<Tensor, Double> loss) {
        Tensor g = Tensor.zeros(p.shape());
        float[] v = p.buffer();
        for (int i = 0; i < v.length; i++) {
            float old = v[i];
            v[i] = (float) (old + H);
            double plus = loss.apply(p);
            v[i] = (float) (old - H);
            double minus = loss.apply(p);
            v[i] = old;
            g.buffer()[i] = (float) ((plus - minus) / (2 * H));
        }
        return g;
    }

    static double relativeError(Tensor a, Tensor b) {
        double maxDiff = 0, scale = 1e-8;
        for (int i = 0; i < a.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a.buffer()[i] - b.buffer()[i]));
            scale = Math.max(scale, Math.abs(a.buffer()[i]) + Math.abs(b.buffer()[i]));
        }
        return maxDiff / scale;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        ConvSpec[] specs = {ConvSpec.DEFAULT, ConvSpec.padding(1), ConvSpec.stride(2).withPadding(1).floor(),
                ConvSpec.dilation(2).withPadding(2), new ConvSpec(1, 2, 0, 1, 1, 1, Rounding.FLOOR)};
        for (Exec exec : new Exec[] {Exec.threads(2), Exec.threads(1).scalar()}) {
            Conv2dKernels fast = Conv2dKernels.fast(exec);
            for (int s = 0; s < specs.length; s++) {
                ConvSpec spec = specs[s];
                Tensor x = Tensor.randn(Shape.of(2, 2, 6, 5), 100 + s), w = Tensor.randn(Shape.of(3, 2, 3, 3), 200 + s), b = Tensor.randn(Shape.of(3), 300 + s);
                Shape yShape = OutputSize.conv2d(x.shape(), w.shape(), spec);
                Tensor dy = Tensor.randn(yShape, 400 + s);
                Tensor dx = fast.backwardInput(dy, w, x.shape(), spec);
                Tensor dw = fast.backwardWeights(dy, x, w.shape(), spec);
                Tensor db = fast.backwardBias(dy);
                Tensor pdw = Tensor.zeros(w.shape()), pdb = Tensor.zeros(3);
                fast.backwardParams(dy, x, w.shape(), spec, pdw, pdb);
                String what = exec + ", " + spec;
                double ex = relativeError(dx, numeric(x, xx -> loss(fast.forward(xx, w, b, spec), dy)));
                Tensor nw = numeric(w, ww -> loss(fast.forward(x, ww, b, spec), dy)), nb = numeric(b, bb -> loss(fast.forward(x, w, bb, spec), dy));
                double ew = relativeError(dw, nw), eb = relativeError(db, nb), epw = relativeError(pdw, nw), epb = relativeError(pdb, nb);
                assertTrue(ex < TOLERANCE, what + ": dx relative error " + ex);
                assertTrue(ew < TOLERANCE, what + ": dw relative error " + ew);
                assertTrue(eb < TOLERANCE, what + ": db relative error " + eb);
                assertTrue(epw < TOLERANCE, what + ": backwardParams dw relative error " + epw);
                assertTrue(epb < TOLERANCE, what + ": backwardParams db relative error " + epb);
            }
        }
    }
}
