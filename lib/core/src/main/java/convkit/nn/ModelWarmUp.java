package convkit.nn;

import convkit.conv.ConvSpec;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * The layers' own code in the background warm-up (issue 20): a tiny network (conv with padding,
 * ReLU, max pooling, conv, flatten, dense) runs forward, loss and backward a few hundred times on
 * one thread, so that a student's first {@code forward} after building a model finds the classes
 * loaded, the lambdas linked and the layer code compiled by C1, instead of paying for all of it.
 * Its own model, tensors and single-thread backend: nothing a student's model uses is touched.
 * Registered (and so run by the background thread, at nice 19) when {@link Sequential} loads.
 */
final class ModelWarmUp implements java.util.function.IntConsumer {
    /** Passes of the tiny network: enough to load and link what a pass uses and to get its loops compiled, few enough to be short (interpreted, a pass takes milliseconds). */
    static final int PASSES = 20;

    private final boolean vectorStage;

    private ModelWarmUp(boolean vectorStage) {
        this.vectorStage = vectorStage;
    }

    static java.util.function.BooleanSupplier register() {
        return Exec.addWarmUp(ModelWarmUp.class, new ModelWarmUp(false), new ModelWarmUp(true));
    }

    @Override
    public void accept(int calls) {
        if (vectorStage) return; // the vector kernels are warmed by their own packages
        Sequential m = Sequential.input(1, 8, 8)
                .conv2d(2, 3, ConvSpec.padding(1)).relu().maxPool(2)
                .conv2d(2, 3).relu()
                .flatten()
                .dense(3).relu()
                .dense(2)
                .build(1);
        m.use(Backend.standard(1)); // one thread: a warm-up never takes the helper threads from the student's calls
        Tensor x = Tensor.randn(Shape.of(2, 1, 8, 8), 1);
        int[] labels = {0, 1};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        for (int pass = 0; pass < Math.min(calls, PASSES); pass++) {
            m.zeroGrad();
            loss.forward(m.forward(x), labels);
            m.backward(loss.backward());
        }
    }
}
