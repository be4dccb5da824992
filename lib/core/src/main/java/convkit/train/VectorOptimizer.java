package convkit.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OptimizerSteps#momentumStep} and {@link OptimizerSteps#adamStep} on the Vector API: the same
 * float operations in the same order as the plain loops (no fused multiply-add), so every value
 * is bit-identical to them. Only the preferred float species: a second vector shape here (as the
 * half-width floats a double version needs) made C2 compile the GEMM micro-kernels with boxed
 * vectors in some runs, about 3x slower for the whole run. Loaded only when the Vector API module
 * is present ({@link convkit.exec.Exec#vectorApi()}).
 */
final class VectorOptimizer implements OptimizerSteps.Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr) {
        int n = w.length, i = 0;
        for (; i + L <= n; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector g = FloatVector.fromArray(S, grad, i).add(wv.mul(decay));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(momentum).add(g);
            vi.intoArray(v, i);
            wv.sub(vi.mul(lr)).intoArray(w, i);
        }
        return i;
    }

    @Override
    public int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                        float c1, float c2, float eps, float decay, float lr) {
        int n = w.length, i = 0;
        for (; i + L <= n; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector g = FloatVector.fromArray(S, grad, i).add(wv.mul(decay));
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(one1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(one2).mul(g));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denom = vi.div(c2).lanewise(VectorOperators.SQRT).add(eps);
            wv.sub(mi.div(c1).mul(lr).div(denom)).intoArray(w, i);
        }
        return i;
    }
}
