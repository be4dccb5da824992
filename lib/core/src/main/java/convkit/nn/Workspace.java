package convkit.nn;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;

/**
 * A reusable tensor: the same one while the shape stays the same, a new one when it changes.
 * It keeps the tensors of the last two shapes, so an epoch whose last batch is shorter (64, 64,
 * ..., 32, then 64 again) reuses both instead of allocating a new set of buffers twice an epoch.
 */
final class Workspace {
    private Tensor recent, older;

    Tensor get(Shape shape) {
        if (recent != null && recent.shape().equals(shape)) return recent;
        Tensor t = older != null && older.shape().equals(shape) ? older : Tensor.zeros(shape);
        older = recent;
        recent = t;
        return t;
    }

    /** A reused tensor when {@code reuse}, else a new one. */
    Tensor get(Shape shape, boolean reuse) {
        return reuse ? get(shape) : Tensor.zeros(shape);
    }
}
