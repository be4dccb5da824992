package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** predict leaves the caller's mode as it found it; Flatten's public calls return tensors the caller may keep. */
class ModeAndCopyTest {

    private static Sequential withDropout() {
        return Sequential.input(1, 4, 4).flatten().dropout(0.5, 3).dense(3).build(1);
    }

    @Test
    void predictRestoresEvaluationModeWhenTheCallerHadIt() {
        Sequential net = withDropout();
        Tensor x = Tensor.randn(Shape.of(2, 1, 4, 4), 5);
        net.setTraining(false);
        Tensor before = net.forward(x);
        net.predict(x);
        assertFalse(net.isTraining(), "predict switched training back on");
        // the dropout layer itself is still in evaluation mode: the same input gives the same output
        assertEquals(before, net.forward(x));
    }

    @Test
    void predictRestoresTrainingModeWhenTheCallerHadIt() {
        Sequential net = withDropout();
        Tensor x = Tensor.randn(Shape.of(2, 1, 4, 4), 5);
        assertTrue(net.isTraining());
        Tensor p1 = net.predict(x), p2 = net.predict(x);
        assertEquals(p1, p2, "predict runs without dropout");
        assertTrue(net.isTraining());
        // back in training mode dropout draws masks again: two forwards differ
        assertNotEquals(net.forward(x), net.forward(x));
    }

    @Test
    void flattenForwardAndBackwardReturnCopies() {
        Flatten f = new Flatten();
        Tensor x = Tensor.randn(Shape.of(2, 3, 2, 2), 1);
        Tensor keep = x.copy();
        Tensor y = f.forward(x);
        assertEquals(Shape.of(2, 12), y.shape());
        assertNotSame(x.buffer(), y.buffer());
        y.buffer()[0] += 100;
        assertEquals(keep, x, "writing into Flatten's output changed its input");

        Tensor g = Tensor.randn(Shape.of(2, 12), 2);
        Tensor keepG = g.copy();
        Tensor dx = f.backward(g);
        assertEquals(Shape.of(2, 3, 2, 2), dx.shape());
        dx.buffer()[0] += 100;
        assertEquals(keepG, g, "writing into Flatten's input gradient changed dOut");
    }

    @Test
    void aNetworkThatEndsInFlattenReturnsANewTensorAndLeavesDOutAlone() {
        Sequential net = Sequential.input(1, 4, 4).relu().flatten().build(1);
        Tensor x = Tensor.randn(Shape.of(2, 1, 4, 4), 7);
        Tensor y = net.forward(x);
        assertNotSame(x.buffer(), y.buffer());
        Tensor dOut = Tensor.randn(Shape.of(2, 16), 8);
        Tensor keep = dOut.copy();
        net.backward(dOut);
        assertEquals(keep, dOut, "backward wrote into the caller's dOut");
    }
}
