package convkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.nn.Param;
import convkit.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One or two steps of each optimiser on numbers worked out by hand. */
class OptimizerTest {

    static Param param(String name, double w, double g) {
        var p = new Param(name, Tensor.of(w));
        p.grad().set(g, 0);
        return p;
    }

    @Test
    void sgdWithWeightDecayOnWeightsOnly() {
        var w = param("weight", 1.0, 0.5);
        var b = param("bias", 1.0, 0.5);
        Optimizer.sgd(0.1).step(List.of(w, b), 0.1);
        assertEquals(1 - 0.1 * (0.5 + 0.1 * 1.0), w.value().get(0), 1e-7);   // 0.94
        assertEquals(1 - 0.1 * 0.5, b.value().get(0), 1e-7);                 // 0.95
    }

    @Test
    void momentumAndNesterov() {
        var m = param("weight", 1.0, 1.0);
        var opt = Optimizer.momentum(0.9, 0);
        opt.step(List.of(m), 0.1);     // v = 1, w = 0.9
        opt.step(List.of(m), 0.1);     // v = 0.9 + 1 = 1.9, w = 0.9 - 0.19 = 0.71
        assertEquals(0.71, m.value().get(0), 1e-6);

        var n = param("weight", 1.0, 1.0);
        var nes = Optimizer.nesterov(0.9, 0);
        nes.step(List.of(n), 0.1);     // v = 1, w = 1 - 0.1 * (1 + 0.9) = 0.81
        nes.step(List.of(n), 0.1);     // v = 1.9, w = 0.81 - 0.1 * (1 + 1.71) = 0.539
        assertEquals(0.539, n.value().get(0), 1e-6);
    }

    @Test
    void adamFirstStepIsLearningRateTimesSignOfGradient() {
        // with bias correction, m/(1-b1) = g and sqrt(v/(1-b2)) = |g|, so the first step is lr * g/|g|
        var p = param("weight", 1.0, -3.0);
        var adam = Optimizer.adam(0);
        adam.step(List.of(p), 0.01);
        assertEquals(1.01, p.value().get(0), 1e-6);
        p.grad().set(1.0, 0);
        adam.step(List.of(p), 0.01);
        // m = 0.9*(-0.3) + 0.1*1 = -0.17, v = 0.999*0.009 + 0.001*1 = 0.009991
        double m = -0.17 / (1 - 0.81), v = 0.009991 / (1 - 0.998001);
        assertEquals(1.01 - 0.01 * m / (Math.sqrt(v) + 1e-8), p.value().get(0), 1e-6);
    }
}
