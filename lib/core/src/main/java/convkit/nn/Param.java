package convkit.nn;

import convkit.tensor.Tensor;

/**
 * A learnable tensor and the gradient of the loss with respect to it. The one mutable holder of
 * the library: a layer's backward adds into {@link #grad()}, an optimiser changes {@link #value()}
 * in place, the trainer clears the gradient before each batch.
 */
public final class Param {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    /** @param name what the parameter is, e.g. {@code "weight"} or {@code "bias"} */
    public Param(String name, Tensor value) {
        java.util.Objects.requireNonNull(name, "Param: name must not be null");
        java.util.Objects.requireNonNull(value, "Param: value must not be null");
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public int size() {
        return value.size();
    }

    public void zeroGrad() {
        grad.fill(0);
    }

    @Override
    public String toString() {
        return "Param(" + name + " " + value.shape() + ")";
    }
}
