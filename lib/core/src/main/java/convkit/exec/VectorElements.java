package convkit.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Elementwise}'s loops on the Vector API (loaded only when the module is present, see {@link Simd}). */
final class VectorElements implements Elementwise.ElementKernels {
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

    /**
     * Whole vectors, even for a row's last few values: such a vector runs on into the next row,
     * which is written right after and overwrites it. Only the last row ends with single values,
     * so nothing past the destination is touched; and as the source rows are at least as far apart
     * as the destination rows, nothing past the source's last row is read either.
     */
    @Override
    public void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
        FloatVector b = FloatVector.broadcast(S, add);
        int end = dstOff + rows * cols;
        for (int r = 0; r < rows; r++) {
            int s = srcOff + r * srcStride, d = dstOff + r * cols, j = 0;
            for (; j < cols && d + j + L <= end; j += L) {
                FloatVector.fromArray(S, src, s + j).add(b).intoArray(dst, d + j);
            }
            for (; j < cols; j++) dst[d + j] = src[s + j] + add;
        }
    }
}
