package convkit.nn;

import convkit.pool.Pool;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;

/** The shape check both pooling layers share. */
final class PoolShapes {
    private PoolShapes() {}

    static Shape outputShape(Layer layer, PoolSpec spec, Shape in) {
        if (in.rank() != 4) {
            throw new ShapeException(layer + " got input of shape " + in + ": expects (N, C, H, W)"
                    + (in.rank() == 2 ? ". A flattened (N, features) input? Put pooling before Flatten." : ""));
        }
        try {
            Shape hw = Pool.of(spec).outputShape(in.dim(2), in.dim(3));
            return Shape.of(in.dim(0), in.dim(1), hw.dim(0), hw.dim(1));
        } catch (ShapeException e) {
            throw new ShapeException(layer + " got input of shape " + in + ":\n" + e.getMessage());
        }
    }
}
