package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import convkit.train.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The data-parallel training path (more than one thread, batches of 16 or more) gives the bits of
 * the layer-by-layer path on one thread: outputs, input gradients, parameter gradients and weights
 * after SGD steps, for several models and batch sizes, at 2 and 4 threads.
 */
class DataParallelTest {

    @org.junit.jupiter.api.BeforeEach
    void on() {
        System.setProperty("convkit.dataparallel", "true");
    }

    @org.junit.jupiter.api.AfterEach
    void off() {
        System.clearProperty("convkit.dataparallel");
    }

    /** name, model from a seed, example shape (C, H, W) */
    private record Model(String name, LongFunction<Sequential> build, Shape example) {}

    private static List<Model> models() {
        List<Model> m = new ArrayList<>();
        m.add(new Model("lenet5", Models::lenet5, Shape.of(1, 28, 28)));
        m.add(new Model("cnn1", seed -> Models.cnnI(3, 12, 5, seed), Shape.of(3, 12, 12)));
        m.add(new Model("strided", seed -> Sequential.input(2, 17, 13)
                .conv2d(5, 3, new ConvSpec(2, 1, 1, 2, 1, 1, convkit.conv.Rounding.STRICT)).tanh()
                .conv2d(4, 2).sigmoid().avgPool(2)
                .flatten().dense(7).relu().dense(3)
                .build(seed), Shape.of(2, 17, 13)));
        m.add(new Model("dilated", seed -> Sequential.input(1, 20, 20)
                .conv2d(3, 3, new ConvSpec(1, 1, 2, 2, 2, 2, convkit.conv.Rounding.STRICT)).relu().maxPool(2)
                .conv2d(6, 3).relu()
                .flatten().dense(4)
                .build(seed), Shape.of(1, 20, 20)));
        m.add(new Model("mlp", seed -> Sequential.input(1, 6, 6).flatten().dense(11).relu().dense(9).tanh().dense(2).build(seed),
                Shape.of(1, 6, 6)));
        return m;
    }

    private static Shape batch(Shape example, int n) {
        return Shape.of(n, example.dim(0), example.dim(1), example.dim(2));
    }

    /** Output, dL/dx and every parameter gradient of one forward and backward. */
    private static List<float[]> pass(Model model, int threads, Tensor x, Tensor dOut, boolean[] tookPath) {
        Sequential net = model.build().apply(7);
        net.use(Backend.standard(threads));
        Tensor y = net.forward(x);
        tookPath[0] = net.lastForwardWasDataParallel();
        Tensor dx = net.backward(dOut);
        List<float[]> out = new ArrayList<>(List.of(y.buffer(), dx.buffer()));
        for (Param p : net.params()) out.add(p.grad().buffer());
        return out;
    }

    @Test
    void forwardAndBackwardGiveTheOneThreadBits() {
        Random r = new Random(5);
        for (Model model : models()) {
            for (int trial = 0; trial < 3; trial++) {
                int n = 16 + r.nextInt(60);
                Tensor x = Tensor.randn(batch(model.example(), n), r.nextLong());
                int classes = model.build().apply(7).outputShape(batch(model.example(), 1)).dim(1);
                Tensor dOut = Tensor.randn(Shape.of(n, classes), r.nextLong());
                boolean[] took = new boolean[1];
                List<float[]> one = pass(model, 1, x, dOut, took);
                assertFalse(took[0], model.name() + ": one thread keeps the layer-by-layer path");
                for (int threads : new int[] {2, 4}) {
                    List<float[]> many = pass(model, threads, x, dOut, took);
                    assertTrue(took[0], model.name() + ", batch " + n + ", " + threads + " threads: the data-parallel path was not taken");
                    String what = model.name() + ", batch " + n + ", " + threads + " threads vs 1: ";
                    assertArrayEquals(one.get(0), many.get(0), what + "output");
                    assertArrayEquals(one.get(1), many.get(1), what + "input gradient");
                    for (int p = 2; p < one.size(); p++) assertArrayEquals(one.get(p), many.get(p), what + "gradient of parameter " + (p - 2));
                }
            }
        }
    }

    /** A few SGD steps with the training API (accumulateGradients), batch sizes changing between steps. */
    @Test
    void sgdStepsGiveTheOneThreadWeights() {
        for (Model model : models()) {
            float[][] one = train(model, 1), two = train(model, 2), four = train(model, 4);
            for (int p = 0; p < one.length; p++) {
                assertArrayEquals(one[p], two[p], model.name() + ", parameter " + p + ": 2 threads vs 1");
                assertArrayEquals(one[p], four[p], model.name() + ", parameter " + p + ": 4 threads vs 1");
            }
        }
    }

    private static float[][] train(Model model, int threads) {
        Sequential net = model.build().apply(3);
        net.use(Backend.standard(threads));
        Sgd sgd = new Sgd(0.9, false, 1e-4);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        int classes = net.outputShape(batch(model.example(), 1)).dim(1);
        int[] sizes = {64, 64, 40, 17, 64};
        for (int step = 0; step < sizes.length; step++) {
            int n = sizes[step];
            Tensor x = Tensor.randn(batch(model.example(), n), 100 + step);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = (i * 5 + step) % classes;
            net.zeroGrad();
            loss.forward(net.forward(x), y);
            assertEquals(threads > 1, net.lastForwardWasDataParallel(), model.name() + ", step " + step);
            net.accumulateGradients(loss.backward());
            sgd.step(net.params(), 0.05);
        }
        List<Param> params = net.params();
        float[][] out = new float[params.size()][];
        for (int p = 0; p < out.length; p++) out[p] = params.get(p).value().buffer().clone();
        return out;
    }

    @Test
    void smallBatchesEvaluationDropoutAndHandMadeKernelsKeepTheLayerPath() {
        Sequential net = Models.lenet5(1);
        net.use(Backend.standard(2));
        net.forward(Tensor.randn(Shape.of(15, 1, 28, 28), 1));
        assertFalse(net.lastForwardWasDataParallel(), "a batch of 15 is not cut into parts");
        net.setTraining(false);
        net.forward(Tensor.randn(Shape.of(64, 1, 28, 28), 1));
        assertFalse(net.lastForwardWasDataParallel(), "evaluation mode");

        Sequential drop = Sequential.input(1, 8, 8).flatten().dense(10).dropout(0.5, 3).dense(2).build(1);
        drop.use(Backend.standard(2));
        drop.forward(Tensor.randn(Shape.of(32, 1, 8, 8), 1));
        assertFalse(drop.lastForwardWasDataParallel(), "dropout's masks are drawn for the whole batch");

        Backend std = Backend.standard(2);
        Sequential byHand = Models.lenet5(1);
        byHand.use(new Backend(convkit.conv.Conv2dKernels.reference(), std.pool(), std.dense(), std.exec()));
        byHand.forward(Tensor.randn(Shape.of(32, 1, 28, 28), 1));
        assertFalse(byHand.lastForwardWasDataParallel(), "kernels put together by hand");
    }

    @Test
    void offUnlessSwitchedOn() {
        System.clearProperty("convkit.dataparallel");
        Sequential net = Models.lenet5(1);
        net.use(Backend.standard(2));
        net.forward(Tensor.randn(Shape.of(32, 1, 28, 28), 1));
        assertFalse(net.lastForwardWasDataParallel());
    }

    @Test
    void aWrongInputFailsAsOnOneThread() {
        for (int threads : new int[] {1, 2}) {
            Sequential net = Sequential.of(new Conv2d(1, 4, 3), new ReLU(), new Flatten(), new Dense(4 * 6 * 6, 3));
            net.use(Backend.standard(threads));
            ShapeException e = assertThrows(ShapeException.class, () -> net.forward(Tensor.zeros(32, 2, 8, 8)));
            assertTrue(e.getMessage().startsWith("layer 1 of 4 (Conv2d(1 -> 4, 3x3))"), threads + " threads: " + e.getMessage());
        }
    }
}
