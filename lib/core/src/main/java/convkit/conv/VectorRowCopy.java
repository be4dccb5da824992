package convkit.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowCopy}'s loop on the Vector API (loaded only when the module is present, see {@link convkit.exec.Exec#vectorApi()}). */
final class VectorRowCopy implements RowCopy.Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

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
