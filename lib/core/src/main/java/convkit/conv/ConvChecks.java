package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * The argument checks every {@link Conv2dKernels} implementation makes, in one place, so the
 * reference and the fast path reject the same inputs with the same messages. (Shapes and channel
 * counts are checked by {@link OutputSize#conv2d}.)
 */
final class ConvChecks {
    private ConvChecks() {}

    static void checkBias(Tensor b, int filters) {
        if (b != null && (b.rank() != 1 || b.dim(0) != filters)) {
            throw new ShapeException("conv2d: bias must have shape (" + filters + "), one per filter, got " + b.shape());
        }
    }

    static void checkGradShape(Tensor dy, Shape expected) {
        if (!dy.shape().equals(expected)) {
            throw new ShapeException("conv2d backward: dy has shape " + dy.shape() + " but the forward output was " + expected);
        }
    }

    /** The outputs of {@link Conv2dKernels#backwardParams}: dw of shape {@code wShape}, db null or of shape (F). */
    static void checkParamOutputs(Shape wShape, Tensor dw, Tensor db) {
        if (dw == null) throw new IllegalArgumentException("conv2d backwardParams: dw must not be null; pass a tensor of shape " + wShape);
        if (!dw.shape().equals(wShape)) {
            throw new ShapeException("conv2d backwardParams: dw has shape " + dw.shape() + " but the weights have shape " + wShape);
        }
        if (db != null && (db.rank() != 1 || db.dim(0) != wShape.dim(0))) {
            throw new ShapeException("conv2d backwardParams: db must have shape (" + wShape.dim(0) + "), one per filter, got " + db.shape());
        }
    }

    /** {@code out} when it has the expected shape, a new tensor when it is null. */
    static Tensor outputOrNew(Tensor out, Shape expected, String what) {
        if (out == null) return Tensor.zeros(expected);
        if (!out.shape().equals(expected)) {
            throw new ShapeException("conv2d " + what + " has shape " + out.shape() + " but the result has shape " + expected);
        }
        return out;
    }
}
