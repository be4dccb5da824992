package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.data.Dataset;
import convkit.data.Synthetic;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's wider CNN: its shapes and parameter count, and that a few training steps lower its loss. */
class WideCnnTest {

    @Test
    void shapesAndParameterCount() {
        Sequential net = Models.wideCnn(1);
        Summary s = net.summary();
        assertEquals(Shape.of(1, 10), s.output());
        // conv 32*1*9+32, conv 64*32*9+64, conv 128*64*9+128, dense 6272*128+128, dense 128*10+10
        assertEquals(320 + 18_496 + 73_856 + 802_944 + 1_290, s.totalParameters());
        assertEquals(896_906L, net.parameterCount());
        assertEquals(Shape.of(1, 32, 28, 28), net.get(0).outputShape(Shape.of(1, 1, 28, 28)));
        List<Shape> shapes = new ArrayList<>();
        Shape h = Shape.of(3, 1, 28, 28);
        for (Layer l : net.layers()) shapes.add(h = l.outputShape(h));
        assertEquals(List.of(Shape.of(3, 32, 28, 28), Shape.of(3, 32, 28, 28), Shape.of(3, 64, 28, 28), Shape.of(3, 64, 28, 28),
                Shape.of(3, 64, 14, 14), Shape.of(3, 128, 14, 14), Shape.of(3, 128, 14, 14), Shape.of(3, 128, 7, 7),
                Shape.of(3, 6272), Shape.of(3, 128), Shape.of(3, 128), Shape.of(3, 10)), shapes);
        assertEquals(Shape.of(3, 10), net.forward(Tensor.rand(Shape.of(3, 1, 28, 28), 2)).shape());
        assertEquals("widecnn", Models.NAMES.get(2));
        assertEquals(net.parameterCount(), Models.byName("widecnn", 1).parameterCount());
    }

    /** Twelve SGD steps on one batch of 16 bar images: the loss falls, and 1 and 2 threads give the same weights bit for bit. */
    @Test
    void aFewTrainingStepsLowerTheLossTheSameOnOneAndTwoThreads() {
        Dataset data = Synthetic.bars(16, 28, 3);
        Dataset.Batch b = data.batch(java.util.stream.IntStream.range(0, 16).toArray());
        float[][] weights = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Sequential net = Models.wideCnn(5);
            net.use(Backend.standard(threads));
            Sgd sgd = new Sgd(0.9, false, 0);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            double first = 0, last = 0;
            for (int step = 0; step < 12; step++) {
                net.zeroGrad();
                last = loss.forward(net.forward(b.x()), b.y());
                if (step == 0) first = last;
                net.accumulateGradients(loss.backward());
                sgd.step(net.params(), 0.01);
            }
            assertTrue(last < 0.7 * first, threads + " threads: loss " + first + " -> " + last + " after 12 steps");
            weights[threads - 1] = net.params().get(0).value().buffer().clone();
        }
        assertArrayEquals(weights[0], weights[1], "first conv's weights after 12 steps, 2 threads vs 1");
    }
}
