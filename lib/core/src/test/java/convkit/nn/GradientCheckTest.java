package convkit.nn;

import static convkit.nn.NumericGradient.assertClose;
import static convkit.nn.NumericGradient.dot;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's backward (input gradient and each parameter's gradient) against centred finite
 * differences on random small shapes, through both the reference and the standard backend.
 * Step and tolerance: {@link NumericGradient}.
 */
class GradientCheckTest {

    static Stream<Backend> backends() {
        return Stream.of(Backend.reference(), Backend.standard(2));
    }

    /** Checks dL/dx and dL/dparam of {@code layer} at {@code x} for L = sum(forward(x) * g) with random g. */
    static void check(Layer layer, Tensor x, Runnable beforeForward, String what) {
        Random rnd = new Random(what.hashCode());
        Shape outShape = layer.outputShape(x.shape());
        Tensor g = Tensor.randn(outShape, rnd.nextLong());
        beforeForward.run();
        layer.forward(x);
        for (Param p : layer.params()) p.zeroGrad();
        Tensor dx = layer.backward(g).copy();
        List<Tensor> grads = new ArrayList<>();
        for (Param p : layer.params()) grads.add(p.grad().copy());

        java.util.function.DoubleSupplier f = () -> {
            beforeForward.run();
            return dot(layer.forward(x), g);
        };
        assertClose(dx, NumericGradient.of(f, x), what + ", input gradient");
        for (int k = 0; k < grads.size(); k++) {
            Param p = layer.params().get(k);
            assertClose(grads.get(k), NumericGradient.of(f, p.value()), what + ", " + p.name() + " gradient");
        }
    }

    static void check(Layer layer, Tensor x, String what) {
        check(layer, x, () -> {}, what);
    }

    static Stream<Arguments> seedsAndBackends(int seeds) {
        return backends().flatMap(b -> IntStream.range(0, seeds).mapToObj(s -> Arguments.of(s, b)));
    }

    static Stream<Arguments> conv() {
        return seedsAndBackends(25);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("conv")
    void conv2d(int seed, Backend backend) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(2), c = 1 + r.nextInt(3), f = 1 + r.nextInt(3), k = 1 + r.nextInt(3);
        int stride = 1 + r.nextInt(2), pad = r.nextInt(2), dil = 1 + r.nextInt(2);
        int span = dil * (k - 1) + 1;
        int h = Math.max(1, span - 2 * pad) + r.nextInt(4), w = Math.max(1, span - 2 * pad) + r.nextInt(4);
        var spec = ConvSpec.DEFAULT.withStride(stride).withPadding(pad).withDilation(dil).floor();
        var layer = new Conv2d(c, f, k, spec, r.nextBoolean());
        layer.initialize(Init.XAVIER, seed);
        if (layer.hasBias()) layer.bias().value().addi(Tensor.randn(Shape.of(f), seed));   // non-zero biases
        layer.use(backend);
        check(layer, Tensor.randn(Shape.of(n, c, h, w), seed + 1000), layer + " on (" + n + ", " + c + ", " + h + ", " + w + ")");
    }

    static Stream<Arguments> few() {
        return seedsAndBackends(8);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("few")
    void maxPool(int seed, Backend backend) {
        Random r = new Random(seed);
        int window = 2 + r.nextInt(2), stride = 1 + r.nextInt(3), pad = r.nextInt(window / 2 + 1);
        var layer = new MaxPool2d(new PoolSpec(PoolSpec.Kind.MAX, window, stride, pad, convkit.conv.Rounding.FLOOR));
        layer.use(backend);
        // distinct values 0.05 apart (more than 2h), so no window's winner changes under the step
        check(layer, distinct(r, 1 + r.nextInt(2), 1 + r.nextInt(2), window + r.nextInt(4), window + r.nextInt(4)), layer.toString());
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("few")
    void avgPool(int seed, Backend backend) {
        Random r = new Random(seed);
        int window = 2 + r.nextInt(2), stride = 1 + r.nextInt(3), pad = r.nextInt(window / 2 + 1);
        var layer = new AvgPool2d(new PoolSpec(PoolSpec.Kind.AVG, window, stride, pad, convkit.conv.Rounding.FLOOR));
        layer.use(backend);
        check(layer, Tensor.randn(Shape.of(1 + r.nextInt(2), 1 + r.nextInt(2), window + r.nextInt(4), window + r.nextInt(4)), seed), layer.toString());
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("few")
    void dense(int seed, Backend backend) {
        Random r = new Random(seed);
        var layer = new Dense(1 + r.nextInt(6), 1 + r.nextInt(5));
        layer.initialize(Init.XAVIER, seed);
        layer.bias().value().addi(Tensor.randn(Shape.of(layer.out()), seed));
        layer.use(backend);
        check(layer, Tensor.randn(Shape.of(1 + r.nextInt(3), layer.in()), seed + 7), layer.toString());
    }

    @Test
    void reluAwayFromItsKink() {
        Tensor x = Tensor.randn(Shape.of(2, 3, 4, 4), 3).map(v -> v >= 0 ? v + 0.1 : v - 0.1);
        check(new ReLU(), x, "ReLU");
    }

    @Test
    void sigmoid() {
        check(new Sigmoid(), Tensor.randn(Shape.of(2, 3, 3, 3), 4).scale(2), "Sigmoid");
    }

    @Test
    void tanh() {
        check(new Tanh(), Tensor.randn(Shape.of(3, 7), 5), "Tanh");
    }

    @Test
    void flatten() {
        check(new Flatten(), Tensor.randn(Shape.of(2, 3, 2, 2), 6), "Flatten");
    }

    @Test
    void dropoutWithTheSameMask() {
        var layer = new Dropout(0.4, 11);
        // restart the mask sequence before every forward so the finite differences see one mask
        check(layer, Tensor.randn(Shape.of(3, 10), 7), () -> layer.initialize(Init.HE, 0), "Dropout");
    }

    @Test
    void softmaxCrossEntropy() {
        var loss = new SoftmaxCrossEntropy();
        Tensor logits = Tensor.randn(Shape.of(4, 5), 8).scale(3);
        int[] labels = {0, 4, 2, 2};
        loss.forward(logits, labels);
        Tensor analytic = loss.backward();
        Tensor numeric = NumericGradient.of(() -> loss.forward(logits, labels), logits);
        assertClose(analytic, numeric, "SoftmaxCrossEntropy");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("backends")
    void wholeSmoothNetwork(Backend backend) {
        var net = Sequential.input(2, 6, 6)
                .conv2d(3, 3, ConvSpec.padding(1)).tanh().avgPool(2)
                .flatten().dense(5).sigmoid().dense(3)
                .build(Init.XAVIER, 5);
        net.use(backend);
        check(net, Tensor.randn(Shape.of(2, 2, 6, 6), 9), "small network");
    }

    /** The check has teeth: a backward that is wrong by 1% fails it. */
    @Test
    void aOnePercentWrongBackwardIsCaught() {
        CustomLayer wrong = new CustomLayer() {
            public Tensor forward(Tensor x) { return x.scale(3); }
            public Tensor backward(Tensor dOut) { return dOut.scale(3 * 1.01); }
            public Shape outputShape(Shape in) { return in; }
        };
        AssertionErrorCatcher.expectFailure(() -> check(wrong, Tensor.randn(Shape.of(4, 4), 1), "wrong layer"));
    }

    static Tensor distinct(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int size = t.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) order.add(i);
        java.util.Collections.shuffle(order, r);
        for (int i = 0; i < size; i++) t.buffer()[i] = (float) (order.get(i) * 0.05 - size * 0.025);
        return t;
    }

    static final class AssertionErrorCatcher {
        static void expectFailure(Runnable r) {
            try {
                r.run();
            } catch (AssertionError expected) {
                assertTrue(expected.getMessage().contains("relative error"), expected.getMessage());
                return;
            }
            throw new AssertionError("the gradient check accepted a backward that is 1% wrong");
        }
    }
}
