package convkit.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link MaxPool2x2} on the Vector API: gathers of the four corners, lane masks for the winners, scatters of dx. */
final class VectorMaxPool2x2 implements MaxPool2x2.Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
        int o = 0;
        for (; o + L <= outputs; o += L) {
            FloatVector a = FloatVector.fromArray(S, x, xOff, corners, o);
            FloatVector b = FloatVector.fromArray(S, x, xOff + 1, corners, o);
            FloatVector c = FloatVector.fromArray(S, x, xOff + w, corners, o);
            FloatVector d = FloatVector.fromArray(S, x, xOff + w + 1, corners, o);
            a.max(b).max(c.max(d)).intoArray(y, yOff + o);
        }
        return o;
    }

    @Override
    public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
        FloatVector zero = FloatVector.zero(S);
        int o = 0;
        for (; o + L <= outputs; o += L) {
            FloatVector a = FloatVector.fromArray(S, x, xOff, corners, o);
            FloatVector b = FloatVector.fromArray(S, x, xOff + 1, corners, o);
            FloatVector c = FloatVector.fromArray(S, x, xOff + w, corners, o);
            FloatVector d = FloatVector.fromArray(S, x, xOff + w + 1, corners, o);
            FloatVector g = FloatVector.fromArray(S, dy, yOff + o);
            VectorMask<Float> bWins = b.compare(VectorOperators.GT, a);
            FloatVector best = a.blend(b, bWins);
            VectorMask<Float> cWins = c.compare(VectorOperators.GT, best);
            best = best.blend(c, cWins);
            VectorMask<Float> dTakes = d.compare(VectorOperators.GT, best);
            VectorMask<Float> cTakes = cWins.andNot(dTakes);
            VectorMask<Float> bTakes = bWins.andNot(cWins).andNot(dTakes);
            VectorMask<Float> aTakes = bWins.or(cWins).or(dTakes).not();
            zero.blend(g, aTakes).intoArray(dx, xOff, corners, o);
            zero.blend(g, bTakes).intoArray(dx, xOff + 1, corners, o);
            zero.blend(g, cTakes).intoArray(dx, xOff + w, corners, o);
            zero.blend(g, dTakes).intoArray(dx, xOff + w + 1, corners, o);
        }
        return o;
    }
}
