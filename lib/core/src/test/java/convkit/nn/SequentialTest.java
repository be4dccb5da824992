package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void lectureExampleSummary() {
        // L28/L29: 32x32x3 input, ten 5x5 filters, stride 1, pad 2 -> 32x32x10 and (5*5*3)*10 + 10 = 760 parameters
        var s = Sequential.of(new Conv2d(3, 10, 5, ConvSpec.padding(2))).summary(Shape.of(1, 3, 32, 32));
        assertEquals(Shape.of(1, 10, 32, 32), s.output());
        assertEquals("32x32x10", s.rows().get(0).volume());
        assertEquals(760, s.totalParameters());
        String text = s.toString();
        assertTrue(text.contains("W2 = (32 - 5 + 2*2)/1 + 1 = 32"), text);
        assertTrue(text.contains("(5*5*3)*10 + 10 = 760"), text);
    }

    @Test
    void lenet5Shapes() {
        var net = Models.lenet5(1);
        var s = net.summary();
        assertEquals(Shape.of(1, 10), s.output());
        assertEquals(61706, s.totalParameters());   // 156 + 2416 + 48120 + 10164 + 850
        assertEquals("28x28x6", s.rows().get(0).volume());
        assertEquals("5x5x16", s.rows().get(5).volume());
        assertEquals(Shape.of(7, 10), net.forward(Tensor.rand(Shape.of(7, 1, 28, 28), 1)).shape());
    }

    @Test
    void cnnIShapes() {
        var s = Models.cnnI(1).summary();
        assertEquals(Shape.of(1, 10), s.output());
        assertEquals(8 * 9 + 8 + 8 * 14 * 14 * 10 + 10, s.totalParameters());
    }

    @Test
    void wrongLayerFailsAtBuildNamingItAndTheShapes() {
        var e = assertThrows(ShapeException.class, () -> Sequential.input(1, 28, 28)
                .add(new Conv2d(3, 6, 5)));
        assertTrue(e.getMessage().contains("layer 1 (Conv2d(3 -> 6, 5x5))"), e.getMessage());
        assertTrue(e.getMessage().contains("(1, 1, 28, 28)"), e.getMessage());
        assertTrue(e.getMessage().contains("C=1 channel, layer expects 3"), e.getMessage());

        var net = Sequential.of(new Conv2d(1, 6, 5), new ReLU(), new Flatten(), new Dense(100, 10));
        var e2 = assertThrows(ShapeException.class, () -> net.summary(Shape.of(1, 1, 28, 28)));
        assertTrue(e2.getMessage().contains("layer 4 of 4 (Dense(100 -> 10))"), e2.getMessage());
        assertTrue(e2.getMessage().contains("(1, 3456)"), e2.getMessage());
        assertTrue(e2.getMessage().contains("expects 100"), e2.getMessage());

        var e3 = assertThrows(ShapeException.class, () -> Sequential.input(1, 28, 28).conv2d(6, 5).dense(10));
        assertTrue(e3.getMessage().contains("flatten()"), e3.getMessage());

        var e4 = assertThrows(ShapeException.class, () -> Sequential.input(1, 7, 7).conv2d(2, 3, ConvSpec.stride(3)));
        assertTrue(e4.getMessage().contains("(7 - 3 + 0)/3 + 1"), e4.getMessage());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        var a = Models.lenet5(7).params();
        var b = Models.lenet5(7).params();
        var c = Models.lenet5(8).params();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).value().buffer(), b.get(i).value().buffer());
        assertTrue(a.get(0).value().maxAbsDiff(c.get(0).value()) > 0);
    }

    @Test
    void heInitialisationHasTheIntendedSpread() {
        var conv = new Conv2d(16, 32, 3);
        conv.initialize(Init.HE, 3);
        double var = 0;
        for (float v : conv.weight().value().buffer()) var += v * v;
        var /= conv.weight().size();
        assertEquals(2.0 / (16 * 9), var, 0.15 * 2.0 / (16 * 9));
    }

    @Test
    void customLayerJoinsASequential() {
        CustomLayer doubler = new CustomLayer() {
            public Tensor forward(Tensor x) { return x.scale(2); }
            public Tensor backward(Tensor dOut) { return dOut.scale(2); }
            public Shape outputShape(Shape in) { return in; }
            @Override public String toString() { return "Doubler"; }
        };
        var net = Sequential.input(1, 4, 4).add(doubler).flatten().dense(2).build(0);
        assertTrue(net.summary().toString().contains("Doubler"));
        assertEquals(Shape.of(3, 2), net.forward(Tensor.ones(3, 1, 4, 4)).shape());
    }

    @Test
    void softmaxIsStableForHugeScores() {
        var loss = new SoftmaxCrossEntropy();
        double l = loss.forward(Tensor.of(new double[][] {{1000, 0, -1000}, {-1e4f, 1e4f, 0}}), new int[] {0, 0});
        // example 1: ~0; example 2: logsumexp - z_0 = 1e4 - (-1e4) = 2e4
        assertEquals(1e4, l, 1e-3);
        var p = SoftmaxCrossEntropy.softmax(Tensor.of(new double[][] {{1000, 1000}}));
        assertEquals(0.5f, p.get(0, 0));
        var e = assertThrows(ShapeException.class, () -> loss.forward(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("label 3 of example 1"), e.getMessage());
    }

    @Test
    void dropoutIsOffInEvaluation() {
        var d = new Dropout(0.5, 1);
        Tensor x = Tensor.ones(1000);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (float v : y.buffer()) if (v == 0) zeros++; else assertEquals(2f, v);
        assertTrue(zeros > 400 && zeros < 600, "zeros: " + zeros);
        d.setTraining(false);
        assertEquals(x, d.forward(x));
    }
}
