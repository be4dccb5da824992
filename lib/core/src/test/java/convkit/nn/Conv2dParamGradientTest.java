package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.conv.Conv2dKernels;
import convkit.conv.ConvSpec;
import convkit.exec.Exec;
import convkit.pool.Pool2dKernels;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Conv2d layer gets its weight and bias gradients from one {@link Conv2dKernels#backwardParams}
 * call (the fast path's fused dW + db), adds them into its parameters' gradients, and never calls
 * backwardWeights or backwardBias itself. Whether the values are right is {@link GradientCheckTest}'s
 * job, which runs through this same call.
 */
class Conv2dParamGradientTest {

    /** Counts the calls a layer makes and passes them on. */
    static final class Counting implements Conv2dKernels {
        final Conv2dKernels inner;
        int params, weights, bias;

        Counting(Conv2dKernels inner) {
            this.inner = inner;
        }

        @Override public Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s) { return inner.forward(x, w, b, s); }
        @Override public Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s, Tensor out) { return inner.forward(x, w, b, s, out); }
        @Override public Tensor backwardInput(Tensor dy, Tensor w, Shape xs, ConvSpec s) { return inner.backwardInput(dy, w, xs, s); }
        @Override public Tensor backwardInput(Tensor dy, Tensor w, Shape xs, ConvSpec s, Tensor dx) { return inner.backwardInput(dy, w, xs, s, dx); }
        @Override public Tensor backwardWeights(Tensor dy, Tensor x, Shape ws, ConvSpec s) { weights++; return inner.backwardWeights(dy, x, ws, s); }
        @Override public Tensor backwardWeights(Tensor dy, Tensor x, Shape ws, ConvSpec s, Tensor dw) { weights++; return inner.backwardWeights(dy, x, ws, s, dw); }
        @Override public Tensor backwardBias(Tensor dy) { bias++; return inner.backwardBias(dy); }
        @Override public void backwardParams(Tensor dy, Tensor x, Shape ws, ConvSpec s, Tensor dw, Tensor db) { params++; inner.backwardParams(dy, x, ws, s, dw, db); }
    }

    private static void check(Conv2dKernels kernels, boolean withBias, ConvSpec spec) {
        Exec exec = Exec.threads(2);
        Counting counting = new Counting(kernels);
        Conv2d layer = new Conv2d(3, 5, 3, spec, withBias);
        layer.initialize(Init.HE, 7);
        layer.use(new Backend(counting, Pool2dKernels.fast(exec), DenseKernels.fast(exec), exec));
        Tensor x = Tensor.randn(Shape.of(4, 3, 9, 8), 1);
        Shape yShape = layer.outputShape(x.shape());
        Tensor dy = Tensor.randn(yShape, 2);
        Tensor dw = Tensor.zeros(layer.weight().value().shape()), db = withBias ? Tensor.zeros(5) : null;
        kernels.backwardParams(dy, x, dw.shape(), spec, dw, db);
        counting.params = 0;

        for (Param p : layer.params()) p.zeroGrad();
        layer.forward(x, true);
        layer.backward(dy, true, false, false);
        layer.backward(dy, true, false, true); // a second step adds into the gradients through the same buffers
        String what = kernels + ", " + layer;
        assertEquals(2, counting.params, what + ": backwardParams calls");
        assertEquals(0, counting.weights, what + ": backwardWeights calls");
        assertEquals(0, counting.bias, what + ": backwardBias calls");
        assertArrayEquals(dw.add(dw).buffer(), layer.weight().grad().buffer(), what + ": weight gradient");
        if (withBias) assertArrayEquals(db.add(db).buffer(), layer.bias().grad().buffer(), what + ": bias gradient");
    }

    @Test
    void theLayerTakesBothParameterGradientsFromOneCall() {
        for (ConvSpec spec : new ConvSpec[] {ConvSpec.padding(1), ConvSpec.stride(2).floor()}) {
            for (boolean bias : new boolean[] {true, false}) {
                check(Conv2dKernels.fast(Exec.threads(2)), bias, spec);
                check(Conv2dKernels.reference(), bias, spec);
            }
        }
    }
}
