package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/** One reusable tensor: the same one while the shape stays the same, a new one when it changes. */
final class Workspace {
    private Tensor tensor;

    Tensor get(Shape shape) {
        if (tensor == null || !tensor.shape().equals(shape)) tensor = Tensor.zeros(shape);
        return tensor;
    }

    /** A reused tensor when {@code reuse}, else a new one. */
    Tensor get(Shape shape, boolean reuse) {
        return reuse ? get(shape) : Tensor.zeros(shape);
    }
}
