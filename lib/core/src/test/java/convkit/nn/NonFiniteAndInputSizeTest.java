package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** NaN into a layer is refused where it enters; a model says which input size it was built for. */
class NonFiniteAndInputSizeTest {

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    @Test
    void eachLayerRefusesNonFiniteInputNamingThePlace() {
        Tensor x = Tensor.rand(Shape.of(2, 1, 6, 6), 1).set(Float.NaN, 1, 0, 2, 3);
        mentions(assertThrows(NonFiniteException.class, () -> new Conv2d(1, 2, 3).forward(x)).getMessage(),
                "Conv2d(1 -> 2, 3x3)", "NaN", "[1, 0, 2, 3]", "(2, 1, 6, 6)", "finite");
        mentions(assertThrows(NonFiniteException.class, () -> new MaxPool2d(2).forward(x)).getMessage(), "MaxPool2d(2x2)", "NaN");
        mentions(assertThrows(NonFiniteException.class, () -> new AvgPool2d(2).forward(x)).getMessage(), "AvgPool2d(2x2)", "NaN");
        Tensor v = Tensor.rand(Shape.of(3, 4), 1).set(Float.POSITIVE_INFINITY, 2, 1);
        mentions(assertThrows(NonFiniteException.class, () -> new Dense(4, 2).forward(v)).getMessage(), "Dense(4 -> 2)", "Infinity", "[2, 1]");
    }

    static Sequential model() {
        return Sequential.input(1, 6, 6).conv2d(2, 3).relu().maxPool(2).flatten().dense(3).build(1);
    }

    /** Inside a Sequential, the input is checked once and a value that blew up inside is caught at the last layer at the latest. */
    @Test
    void inASequentialTheLayerAndItsPredecessorAreNamed() {
        var net = model();
        // an infinite bias (ReLU would turn a NaN into 0: max(0, NaN) is 0 in its comparison)
        ((Conv2d) net.get(0)).bias().value().set(Float.POSITIVE_INFINITY, 1);
        String m = assertThrows(NonFiniteException.class, () -> net.forward(Tensor.rand(Shape.of(4, 1, 6, 6), 2))).getMessage();
        mentions(m, "layer 5 of 5 (Dense(8 -> 3))", "after layer 4 (Flatten)", "Infinity");
        // the model's own input is checked before the first layer
        Tensor bad = Tensor.rand(Shape.of(4, 1, 6, 6), 2).set(Float.NaN, 3, 0, 1, 1);
        mentions(assertThrows(NonFiniteException.class, () -> model().forward(bad)).getMessage(), "layer 1 of 5 (Conv2d(1 -> 2, 3x3))",
                "NaN", "[3, 0, 1, 1]");
    }

    @Test
    void aModelFedImagesOfAnotherSizeSaysWhichSizeItWasBuiltFor() {
        var lenet = Models.lenet5(1);
        String m = assertThrows(ShapeException.class, () -> lenet.forward(Tensor.zeros(2, 1, 32, 32))).getMessage();
        mentions(m, "built for 28x28 inputs", "(N, 1, 28, 28)", "got 32x32", "Resize or crop the images to 28x28", "Sequential.input(1, 32, 32)");
        assertTrue(!m.contains("new Dense"), "the fix is the input size, not the Dense layer:\n" + m);
        // the 14x56 images of a wrong IDX file fail the same way, before any pooling arithmetic
        mentions(assertThrows(ShapeException.class, () -> lenet.forward(Tensor.zeros(2, 1, 14, 56))).getMessage(), "got 14x56", "28x28");
    }

    @Test
    void oneImageWithoutTheBatchAxesIsToldHowToReshape() {
        var lenet = Models.lenet5(1);
        mentions(assertThrows(ShapeException.class, () -> lenet.forward(Tensor.zeros(28, 28))).getMessage(),
                "one (H, W) image (28, 28)", "x.reshape(1, 1, 28, 28)");
        mentions(assertThrows(ShapeException.class, () -> lenet.forward(Tensor.zeros(1, 28, 28))).getMessage(),
                "without the batch dimension", "(1, 1, 28, 28)");
        mentions(assertThrows(NullPointerException.class, () -> lenet.forward(null)).getMessage(), "x must not be null");
        mentions(assertThrows(NullPointerException.class, () -> lenet.summary(null)).getMessage(), "Shape.of(1, 1, 28, 28)");
    }

    @Test
    void channelsLastInputShapeGetsTheChannelsFirstOrder() {
        String m = assertThrows(ShapeException.class, () -> Sequential.input(28, 28, 1).conv2d(6, 5)).getMessage();
        mentions(m, "channels-first (C, H, W)", "Sequential.input(1, 28, 28)");
    }

    @Test
    void sameShapeStillWorks() {
        var lenet = Models.lenet5(1);
        assertTrue(lenet.forward(Tensor.rand(Shape.of(3, 1, 28, 28), 1)).shape().equals(Shape.of(3, 10)));
    }
}
