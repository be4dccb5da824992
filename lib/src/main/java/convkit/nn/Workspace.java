package convkit.nn;

import convkit.exec.Exec;
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

    private static final Exec[] SHARED = new Exec[65];

    /**
     * The thread budget for a backend's element-wise work (ReLU): one shared {@code Exec} per
     * thread count, so layers do not each start their own helper threads.
     */
    static synchronized Exec exec(Backend backend) {
        int t = backend.threads();
        if (t == Exec.defaults().threads()) return Exec.defaults();
        if (t >= SHARED.length) return Exec.threads(t);
        if (SHARED[t] == null) SHARED[t] = Exec.threads(t);
        return SHARED[t];
    }
}
