package convkit.pool;

import convkit.conv.OutputSize;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/** The checks every {@link Pool2dKernels} implementation makes, in one place: the same inputs rejected with the same messages. */
final class PoolChecks {
    private PoolChecks() {}

    /** (N, C, H2, W2) for x (N, C, H, W), with {@code H2 = (H - K + 2P)/S + 1}. */
    static Shape outputShape(Shape x, PoolSpec s) {
        if (x.rank() != 4) {
            throw new ShapeException("pool2d: x must be (N, C, H, W), got shape " + x + " (rank " + x.rank() + ")");
        }
        return Shape.of(x.dim(0), x.dim(1), size(x.dim(2), s, "pool2d: output height"), size(x.dim(3), s, "pool2d: output width"));
    }

    /** M2 = (M - K + 2P)/S + 1 along one axis, checked (see {@link OutputSize}). */
    static int size(int in, PoolSpec s, String what) {
        return OutputSize.input(in).kernel(s.window()).stride(s.stride()).padding(s.padding())
                .rounding(s.rounding()).named(what).length();
    }

    /** {@code out} when it has the expected shape, a new tensor when it is null. */
    static Tensor outputOrNew(Tensor out, Shape expected, String what) {
        if (out == null) return Tensor.zeros(expected);
        if (!out.shape().equals(expected)) {
            throw new ShapeException("pool2d " + what + " has shape " + out.shape() + " but the result has shape " + expected);
        }
        return out;
    }
}
