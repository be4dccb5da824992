package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import convkit.conv.ConvSpec;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential reuses its intermediate buffers from batch to batch (see {@link Sequential#forward}):
 * the results must be bit-identical to running the layers one by one through their public
 * methods, and what Sequential returns must never be overwritten by a later call.
 */
class BufferReuseTest {

    private static Sequential net(long seed, int threads) {
        Sequential net = Models.lenet5(seed);
        net.use(Backend.standard(threads));
        return net;
    }

    /** The public, allocating path: every layer's forward, then every layer's backward. */
    private static Tensor[] layerByLayer(Sequential s, Tensor x, Tensor dOut) {
        Tensor h = x;
        for (Layer l : s.layers()) h = l.forward(h);
        Tensor g = dOut;
        List<Layer> ls = s.layers();
        for (int i = ls.size() - 1; i >= 0; i--) g = ls.get(i).backward(g);
        return new Tensor[] {h, g};
    }

    @Test
    void reusedBuffersGiveTheSameBitsAsTheLayersOneByOne() {
        for (int threads : new int[] {1, 2}) {
            Sequential a = net(5, threads), b = net(5, threads);
            for (int batch = 0; batch < 3; batch++) {
                int n = batch == 2 ? 5 : 8;   // a last, smaller batch changes the shapes
                Tensor x = Tensor.randn(Shape.of(n, 1, 28, 28), 100 + batch), dOut = Tensor.randn(Shape.of(n, 10), 200 + batch);
                a.zeroGrad();
                b.zeroGrad();
                Tensor ya = a.forward(x);
                Tensor dxa = a.backward(dOut);
                Tensor[] rb = layerByLayer(b, x, dOut);
                assertArrayEquals(rb[0].buffer(), ya.buffer(), "output, batch " + batch);
                assertArrayEquals(rb[1].buffer(), dxa.buffer(), "input gradient, batch " + batch);
                for (int p = 0; p < a.params().size(); p++) {
                    assertArrayEquals(b.params().get(p).grad().buffer(), a.params().get(p).grad().buffer(), "param " + p);
                }
            }
        }
    }

    @Test
    void accumulateGradientsGivesTheSameParameterGradientsAsBackward() {
        Sequential a = net(3, 2), b = net(3, 2);
        Tensor x = Tensor.randn(Shape.of(6, 1, 28, 28), 1), dOut = Tensor.randn(Shape.of(6, 10), 2);
        a.forward(x);
        a.backward(dOut);
        b.forward(x);
        b.accumulateGradients(dOut);
        for (int p = 0; p < a.params().size(); p++) {
            assertArrayEquals(a.params().get(p).grad().buffer(), b.params().get(p).grad().buffer(), "param " + p);
        }
    }

    @Test
    void returnedTensorsSurviveTheNextCall() {
        Sequential s = net(1, 2);
        Tensor x1 = Tensor.randn(Shape.of(4, 1, 28, 28), 1), x2 = Tensor.randn(Shape.of(4, 1, 28, 28), 2), d = Tensor.randn(Shape.of(4, 10), 3);
        Tensor y1 = s.forward(x1);
        Tensor y1copy = y1.copy();
        Tensor dx1 = s.backward(d);
        Tensor dx1copy = dx1.copy();
        Tensor y2 = s.forward(x2);
        Tensor dx2 = s.backward(d);
        assertNotSame(y1, y2);
        assertNotSame(dx1.buffer(), dx2.buffer());
        assertArrayEquals(y1copy.buffer(), y1.buffer());
        assertArrayEquals(dx1copy.buffer(), dx1.buffer());
    }

    @Test
    void aFinalViewLayerStillReturnsANewTensor() {
        // Flatten at the end would be a view of the ReLU's buffer: Sequential hands out a copy
        Sequential s = Sequential.of(new Conv2d(1, 2, 3, ConvSpec.padding(1)), new ReLU(), new Flatten());
        Tensor y1 = s.forward(Tensor.randn(Shape.of(2, 1, 5, 5), 4));
        Tensor keep = y1.copy();
        s.forward(Tensor.randn(Shape.of(2, 1, 5, 5), 5));
        assertArrayEquals(keep.buffer(), y1.buffer());
        // Flatten first: its input gradient is a view of the Dense layer's buffer, so again a copy
        Sequential f = Sequential.of(new Flatten(), new Dense(25, 3));
        f.forward(Tensor.randn(Shape.of(2, 1, 5, 5), 6));
        Tensor g1 = f.backward(Tensor.randn(Shape.of(2, 3), 7));
        Tensor keepG = g1.copy();
        f.forward(Tensor.randn(Shape.of(2, 1, 5, 5), 8));
        f.backward(Tensor.randn(Shape.of(2, 3), 9));
        assertEquals(2 * 25, g1.size());
        assertArrayEquals(keepG.buffer(), g1.buffer());
    }

    @Test
    void reluWarmUpCallsEachLoopAndItsInputsFitEveryVectorWidth() {
        java.util.Map<String, Integer> calls = new java.util.TreeMap<>();
        ReluLoops.Kernels counting = new ReluLoops.Kernels() {
            public void relu(float[] x, float[] y, int from, int to) {
                calls.merge("relu", 1, Integer::sum);
                ReluLoops.Plain.INSTANCE.relu(x, y, from, to);   // every value, bounds-checked
            }

            public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
                calls.merge("reluBackward", 1, Integer::sum);
                ReluLoops.Plain.INSTANCE.reluBackward(x, g, dx, from, to);
            }
        };
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) ReluLoops.warmUp(counting, lanes, 2);
        assertEquals(java.util.Map.of("relu", 12, "reluBackward", 12), calls);
        org.junit.jupiter.api.Assumptions.assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        ReluLoops.warmUp(new VectorRelu(), Exec.vectorLanes(), 3);
    }

    @Test
    void reluKernelsAgreeWithThePlainLoopBitForBit() {
        int n = 3 * (1 << 16) + 37;   // several parallel chunks and a tail shorter than a vector
        float[] x = Tensor.randn(Shape.of(n), 9).buffer().clone(), g = Tensor.randn(Shape.of(n), 10).buffer();
        x[0] = Float.NaN; x[1] = -0f; x[2] = 0f; x[3] = Float.NEGATIVE_INFINITY; x[4] = Float.POSITIVE_INFINITY; x[n - 1] = Float.NaN;
        float[] want = new float[n], wantG = new float[n];
        for (int i = 0; i < n; i++) {
            want[i] = x[i] > 0 ? x[i] : 0f;
            wantG[i] = x[i] > 0 ? g[i] : 0f;
        }
        for (Exec e : new Exec[] {Exec.threads(1), Exec.threads(2), Exec.threads(4), Exec.threads(2).scalar()}) {
            float[] y = new float[n], dx = new float[n];
            ReluLoops.relu(e, x, y, n);
            ReluLoops.reluBackward(e, x, g, dx, n);
            assertArrayEquals(want, y, e.toString());
            assertArrayEquals(wantG, dx, e.toString());
            float[] inPlace = x.clone();
            ReluLoops.relu(e, inPlace, inPlace, n);
            assertArrayEquals(want, inPlace, e + " in place");
        }
    }
}
