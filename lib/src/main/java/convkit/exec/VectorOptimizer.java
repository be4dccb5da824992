package convkit.exec;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise#momentumStep} on the Vector API: floats widened to doubles lane by lane, the
 * same double multiplications and additions as the plain loop (no fused multiply-add), then
 * narrowed to float with the same rounding, so every value is bit-identical to the plain loop.
 */
final class VectorOptimizer implements Elementwise.OptimizerKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats with as many lanes as D (half its width), so widening and narrowing keep the lane count. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();

    @Override
    public int momentumStep(float[] w, float[] grad, float[] v, double momentum, double decay, double lr) {
        if (F.length() != L) return 0;
        int n = w.length, i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector wd = (DoubleVector) FloatVector.fromArray(F, w, i).castShape(D, 0);
            DoubleVector gd = (DoubleVector) FloatVector.fromArray(F, grad, i).castShape(D, 0);
            DoubleVector vd = (DoubleVector) FloatVector.fromArray(F, v, i).castShape(D, 0);
            FloatVector g = (FloatVector) gd.add(wd.mul(decay)).castShape(F, 0);
            FloatVector vi = (FloatVector) vd.mul(momentum).add((DoubleVector) g.castShape(D, 0)).castShape(F, 0);
            vi.intoArray(v, i);
            FloatVector step = (FloatVector) ((DoubleVector) vi.castShape(D, 0)).mul(lr).castShape(F, 0);
            FloatVector.fromArray(F, w, i).sub(step).intoArray(w, i);
        }
        return i;
    }
}
