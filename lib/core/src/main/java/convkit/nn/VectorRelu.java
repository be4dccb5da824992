package convkit.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link ReluLoops}' loops on the Vector API (loaded only when the module is present, see {@link convkit.exec.Exec#vectorApi()}). */
final class VectorRelu implements ReluLoops.Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void relu(float[] x, float[] y, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> open = v.compare(VectorOperators.GT, 0f); // false for NaN, -0 and negatives
            zero.blend(v, open).intoArray(y, i);
        }
        for (; i < to; i++) y[i] = x[i] > 0 ? x[i] : 0f;
    }

    @Override
    public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            VectorMask<Float> open = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), open).intoArray(dx, i);
        }
        for (; i < to; i++) dx[i] = x[i] > 0 ? g[i] : 0f;
    }
}
