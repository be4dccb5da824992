package convkit.tensor;

import java.util.List;
import java.util.Objects;

/** {@link Tensor#stack} and {@link Tensor#concat}: checked shapes, then one block copy per input. */
final class Stacking {
    private Stacking() {}

    static Tensor stack(List<Tensor> parts) {
        check("Tensor.stack", parts);
        Shape first = parts.get(0).shape();
        for (int t = 1; t < parts.size(); t++) {
            if (!parts.get(t).shape().equals(first)) {
                throw new ShapeException("Tensor.stack: tensor " + t + " has shape " + parts.get(t).shape() + " but tensor 0 has "
                        + first + "; stacking needs tensors of one shape (use concat to join along an axis)");
            }
        }
        int[] dims = new int[first.rank() + 1];
        dims[0] = parts.size();
        System.arraycopy(first.dims(), 0, dims, 1, first.rank());
        float[] out = new float[parts.size() * first.size()];
        for (int t = 0; t < parts.size(); t++) System.arraycopy(parts.get(t).buffer(), 0, out, t * first.size(), first.size());
        return Tensor.wrap(out, Shape.of(dims));
    }

    static Tensor concat(int axis, List<Tensor> parts) {
        check("Tensor.concat", parts);
        Shape first = parts.get(0).shape();
        if (axis < 0 || axis >= first.rank()) {
            throw new ShapeException("Tensor.concat: axis must be in 0.." + (first.rank() - 1) + " for tensors of shape " + first + ", got " + axis);
        }
        int total = 0;
        for (int t = 0; t < parts.size(); t++) {
            Shape s = parts.get(t).shape();
            boolean fits = s.rank() == first.rank();
            for (int d = 0; fits && d < s.rank(); d++) fits = d == axis || s.dim(d) == first.dim(d);
            if (!fits) {
                throw new ShapeException("Tensor.concat along axis " + axis + ": tensor " + t + " has shape " + s + " but tensor 0 has "
                        + first + "; every other axis must have the same size");
            }
            total += s.dim(axis);
        }
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= first.dim(d);
        for (int d = axis + 1; d < first.rank(); d++) inner *= first.dim(d);
        int[] dims = first.dims().clone();
        dims[axis] = total;
        float[] out = new float[outer * total * inner];
        int at = 0;
        for (int o = 0; o < outer; o++)
            for (Tensor p : parts) {
                int block = p.shape().dim(axis) * inner;
                System.arraycopy(p.buffer(), o * block, out, at, block);
                at += block;
            }
        return Tensor.wrap(out, Shape.of(dims));
    }

    private static void check(String what, List<Tensor> parts) {
        Objects.requireNonNull(parts, what + ": the tensors must not be null");
        if (parts.isEmpty()) throw new ShapeException(what + " needs at least one tensor");
        for (int t = 0; t < parts.size(); t++) Objects.requireNonNull(parts.get(t), what + ": tensor " + t + " is null");
    }
}
