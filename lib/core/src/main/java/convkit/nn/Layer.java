package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;

/**
 * One step of a network: a forward pass that remembers what its backward pass needs, and a
 * backward pass that turns dL/dOut into dL/dIn and adds the gradients of its parameters into
 * their {@link Param#grad()}.
 *
 * <p>The built-in set is closed ({@code sealed}), so summaries, checkpoints and graders know every
 * kind; {@link CustomLayer} is the open door for students' and assignments' own layers.
 *
 * <p>Shapes are NCHW for images, (N, features) after {@link Flatten}.
 */
public sealed interface Layer permits Conv2d, Pool2dLayer, ReLU, Sigmoid, Tanh, Flatten, Dense, Dropout,
        Sequential, CustomLayer {

    /** Computes the output for a batch and remembers what {@link #backward} needs. */
    Tensor forward(Tensor x);

    /**
     * Given dL/dOut for the last forward batch, returns dL/dIn and adds into each parameter's
     * gradient (so gradients of several batches can be accumulated; the trainer clears them).
     */
    Tensor backward(Tensor dOut);

    /**
     * The output shape for an input of shape {@code in}, without touching data.
     *
     * @throws convkit.tensor.ShapeException when the layer cannot take {@code in}, saying what it expects
     */
    Shape outputShape(Shape in);

    /** The learnable parameters, weights before biases; empty for layers without any. */
    default List<Param> params() {
        return List.of();
    }

    /**
     * What the layer is, as plain values (kind, sizes, settings): for summaries, checkpoints and
     * graders. Every built-in layer has one; a {@link CustomLayer} or a nested {@link Sequential} has none.
     */
    default java.util.Optional<LayerConfig> config() {
        return java.util.Optional.empty();
    }

    /** Sets the kernels the layer computes with (see {@link Backend}); layers without heavy math ignore it. */
    default void use(Backend backend) {}

    /** Training mode (dropout active) or evaluation mode (dropout off). Default: training. */
    default void setTraining(boolean training) {}

    /**
     * Fills the parameters with fresh random values: weights by {@code init}, biases with zeros.
     * Layers without parameters ignore it.
     */
    default void initialize(Init init, long seed) {}
}
