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

    @Override
    public int adamStep(float[] w, float[] grad, float[] m, float[] v, double beta1, double beta2, double c1, double c2,
                        double eps, double decay, double lr) {
        if (F.length() != L) return 0;
        double one1 = 1 - beta1, one2 = 1 - beta2;
        int n = w.length, i = 0;
        for (; i + L <= n; i += L) {
            FloatVector wf = FloatVector.fromArray(F, w, i);
            DoubleVector wd = (DoubleVector) wf.castShape(D, 0);
            DoubleVector gd = (DoubleVector) FloatVector.fromArray(F, grad, i).castShape(D, 0);
            DoubleVector g = (DoubleVector) gd.add(wd.mul(decay)).castShape(F, 0).castShape(D, 0);
            DoubleVector md = (DoubleVector) FloatVector.fromArray(F, m, i).castShape(D, 0);
            DoubleVector vd = (DoubleVector) FloatVector.fromArray(F, v, i).castShape(D, 0);
            FloatVector mf = (FloatVector) md.mul(beta1).add(g.mul(one1)).castShape(F, 0);
            FloatVector vf = (FloatVector) vd.mul(beta2).add(g.mul(one2).mul(g)).castShape(F, 0);
            mf.intoArray(m, i);
            vf.intoArray(v, i);
            DoubleVector mh = ((DoubleVector) mf.castShape(D, 0)).div(c1);
            DoubleVector denom = ((DoubleVector) vf.castShape(D, 0)).div(c2).sqrt().add(eps);
            FloatVector step = (FloatVector) mh.mul(lr).div(denom).castShape(F, 0);
            wf.sub(step).intoArray(w, i);
        }
        return i;
    }
}
