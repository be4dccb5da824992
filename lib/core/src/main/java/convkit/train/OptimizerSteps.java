package convkit.train;

import convkit.exec.Exec;

/**
 * The optimisers' update loops, SIMD through the Vector API when the module is present, in float
 * arithmetic as PyTorch does for float32 parameters (the coefficients rounded to float once, every
 * operation rounded to float, no fused multiply-add), so the SIMD loop and the plain loop give the
 * same bits. One thread: the arrays are small next to a training step.
 */
final class OptimizerSteps {
    private OptimizerSteps() {}

    /** The vector loops, created (and VectorOptimizer loaded) on first use, which happens only with the Vector API module. */
    private static final class Vector {
        static final Kernels KERNELS = new VectorOptimizer();
    }

    /** Whether the vector loops are warm; the plain ones (same bits) run until then. Registered when this class loads. */
    private static final java.util.function.BooleanSupplier WARM = Exec.addWarmUp(OptimizerSteps.class, new WarmUp(false), new WarmUp(true));

    /** The warm-up of the plain or the vector loops (a class, not a lambda: a lambda's first use costs a few ms at start-up). */
    private static final class WarmUp implements java.util.function.IntConsumer {
        private final boolean vector;

        WarmUp(boolean vector) {
            this.vector = vector;
        }

        @Override
        public void accept(int calls) {
            if (vector) warmUp(Vector.KERNELS, Exec.vectorLanes(), calls);
            else warmUpPlain(calls);
        }
    }

    /** Registers the vector loops with the warm-up (done when this class loads; see {@link Exec#addWarmUp}). */
    static void registerWarmUp() {
        // the static initialiser above did it
    }

    /**
     * Calls each loop {@code calls} times on arrays one vector and 3 values long ({@code lanes}
     * floats per vector): one vector step per call, which enters the loop and leaves it (every
     * branch the JIT profiles), for the fewest vector operations run before C2 has compiled them.
     */
    static void warmUp(Kernels optimizer, int lanes, int calls) {
        int n = lanes + 3;
        float[] w = new float[n], grad = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < w.length; i++) w[i] = grad[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3);
        for (int call = 0; call < calls; call++) {
            optimizer.momentumStep(w, grad, v, 0.9f, 0f, 0f);
            optimizer.adamStep(w, grad, m, v, 0.9f, 0.999f, 0.1f, 0.001f, 1f, 1f, 1e-8f, 0f, 0f);
        }
    }

    /** Calls the plain loops {@code calls} times on 3 values (shorter than any vector, so the plain loops do them all). */
    static void warmUpPlain(int calls) {
        float[] w = {1, -2, 3}, grad = {-1, 2, -3}, m = new float[3], v = new float[3];
        for (int call = 0; call < calls; call++) {
            momentumStep(w, grad, v, 0.9, 0, 0);
            adamStep(w, grad, m, v, 0.9, 0.999, 0.1, 0.001, 1e-8, 0, 0);
        }
    }

    /**
     * One step of SGD with classic momentum, PyTorch's form:
     * <pre>{@code
     * g = grad[i] + decay * w[i];   v[i] = momentum * v[i] + g;   w[i] -= lr * v[i]
     * }</pre>
     */
    static void momentumStep(float[] w, float[] grad, float[] v, double momentum, double decay, double lr) {
        if (grad.length < w.length || v.length < w.length) {
            throw new IllegalArgumentException("momentumStep: w has " + w.length + " values, grad " + grad.length + ", v " + v.length);
        }
        float mu = (float) momentum, dc = (float) decay, eta = (float) lr;
        int done = Exec.vectorApi() && WARM.getAsBoolean() ? Vector.KERNELS.momentumStep(w, grad, v, mu, dc, eta) : 0;
        for (int i = done; i < w.length; i++) {
            float g = grad[i] + dc * w[i];
            float vi = mu * v[i] + g;
            v[i] = vi;
            w[i] -= eta * vi;
        }
    }

    /**
     * One Adam step with bias corrections {@code c1 = 1 - beta1^t}, {@code c2 = 1 - beta2^t}:
     * <pre>{@code
     * g = grad[i] + decay * w[i]
     * m[i] = beta1 * m[i] + (1 - beta1) * g
     * v[i] = beta2 * v[i] + (1 - beta2) * g * g
     * w[i] -= lr * (m[i] / c1) / (sqrt(v[i] / c2) + eps)
     * }</pre>
     */
    static void adamStep(float[] w, float[] grad, float[] m, float[] v, double beta1, double beta2, double c1, double c2,
                         double eps, double decay, double lr) {
        if (grad.length < w.length || m.length < w.length || v.length < w.length) {
            throw new IllegalArgumentException("adamStep: w has " + w.length + " values, grad " + grad.length + ", m " + m.length + ", v " + v.length);
        }
        float b1 = (float) beta1, b2 = (float) beta2, o1 = (float) (1 - beta1), o2 = (float) (1 - beta2);
        float fc1 = (float) c1, fc2 = (float) c2, e = (float) eps, dc = (float) decay, eta = (float) lr;
        int done = Exec.vectorApi() && WARM.getAsBoolean() ? Vector.KERNELS.adamStep(w, grad, m, v, b1, b2, o1, o2, fc1, fc2, e, dc, eta) : 0;
        for (int i = done; i < w.length; i++) {
            float g = grad[i] + dc * w[i];
            m[i] = b1 * m[i] + o1 * g;
            v[i] = b2 * v[i] + o2 * g * g;
            w[i] -= eta * (m[i] / fc1) / ((float) Math.sqrt(v[i] / fc2) + e); // sqrt in double then rounded: the float square root
        }
    }

    /** The SIMD loops: each returns how many leading elements it did. */
    interface Kernels {
        int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr);

        int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                     float c1, float c2, float eps, float decay, float lr);
    }
}
