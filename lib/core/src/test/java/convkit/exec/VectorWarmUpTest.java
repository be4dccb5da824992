package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JIT warm-up reaches every vector kernel, and its small inputs fit any vector width. */
class VectorWarmUpTest {

    /** Counts the calls of each kernel entry point and passes them on. */
    static final class Counting implements GemmKernels, Elementwise.ElementKernels, MaxPool2x2.Kernels, Elementwise.OptimizerKernels {
        final Map<String, Integer> calls = new TreeMap<>();
        final GemmKernels gemm;
        final Elementwise.ElementKernels elements;
        final MaxPool2x2.Kernels pool;
        final Elementwise.OptimizerKernels optimizer;

        Counting(GemmKernels gemm, Elementwise.ElementKernels elements, MaxPool2x2.Kernels pool, Elementwise.OptimizerKernels optimizer) {
            this.gemm = gemm;
            this.elements = elements;
            this.pool = pool;
            this.optimizer = optimizer;
        }

        private void count(String what) {
            calls.merge(what, 1, Integer::sum);
        }

        @Override
        public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("broadcast " + m + "x" + n);
            gemm.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, acc);
        }

        @Override
        public void dot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("dot " + m + "x" + n);
            gemm.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, acc);
        }

        @Override
        public void relu(float[] x, float[] y, int from, int to) {
            count("relu");
            elements.relu(x, y, from, to);
        }

        @Override
        public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
            count("reluBackward");
            elements.reluBackward(x, g, dx, from, to);
        }

        @Override
        public void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
            count("copyRowsPlus");
            elements.copyRowsPlus(src, srcOff, srcStride, dst, dstOff, rows, cols, add);
        }

        @Override
        public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
            count("pool forward w" + w);
            return pool.forward(x, xOff, w, y, yOff, outputs, corners);
        }

        @Override
        public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
            count("pool backward w" + w);
            return pool.backward(x, xOff, w, dy, yOff, dx, outputs, corners);
        }

        @Override
        public int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr) {
            count("momentumStep");
            return optimizer.momentumStep(w, grad, v, momentum, decay, lr);
        }

        @Override
        public int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                            float c1, float c2, float eps, float decay, float lr) {
            count("adamStep");
            return optimizer.adamStep(w, grad, m, v, beta1, beta2, one1, one2, c1, c2, eps, decay, lr);
        }
    }

    /** Plain loops over every value the vector kernels would touch, so that an index past an array fails here too. */
    static final class PlainPool implements MaxPool2x2.Kernels {
        @Override
        public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
            MaxPool2x2.forward(false, x, xOff, w, y, yOff, outputs, corners);
            return outputs;
        }

        @Override
        public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
            MaxPool2x2.backward(false, x, xOff, w, dy, yOff, dx, outputs, corners);
            return outputs;
        }
    }

    static final class PlainOptimizer implements Elementwise.OptimizerKernels {
        @Override
        public int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr) {
            for (int i = 0; i < w.length; i++) w[i] -= lr * (v[i] = momentum * v[i] + grad[i] + decay * w[i]);
            return w.length;
        }

        @Override
        public int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                            float c1, float c2, float eps, float decay, float lr) {
            for (int i = 0; i < w.length; i++) w[i] -= lr * (m[i] = beta1 * m[i] + one1 * grad[i]) / ((float) Math.sqrt(v[i] = beta2 * v[i]) + eps);
            return w.length;
        }
    }

    @Test
    void everyVectorKernelIsCalledAsOftenAsAsked() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        Counting k = new Counting(Simd.kernels(true), Simd.elements(true), Simd.pool(), Simd.optimizer());
        VectorWarmUp.run(k, k, k, k, VectorGemmKernels.lanes(), 3);
        int l = VectorGemmKernels.lanes();
        // the broadcast shapes reach the 6x4, 8x3, 8x1, 4x4, 1x4 and 1x1 tiles and the column tails; the dot shape the 4x4, 4x2 and 2x4 tiles
        Map<String, Integer> expected = new TreeMap<>();
        for (String call : new String[] {"broadcast 6x" + (5 * l + 5), "broadcast 13x" + 5 * l, "broadcast 9x" + (l + 3), "relu", "reluBackward",
                "copyRowsPlus", "pool forward w" + (2 * l + 4), "pool backward w" + (2 * l + 4), "pool forward w4", "pool backward w4",
                "momentumStep", "adamStep"}) {
            expected.put(call, 3);
        }
        expected.put("dot 6x6", 6); // with a tail of products and without
        assertEquals(expected, k.calls);
    }

    @Test
    void theInputsFitEveryVectorWidth() {
        // the plain loops read and write every value the vector loops would, with Java's bounds checks
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) {
            VectorWarmUp.run(ScalarGemmKernels.INSTANCE, Elementwise.ScalarElements.INSTANCE, new PlainPool(), new PlainOptimizer(), lanes, 2);
        }
    }

    @Test
    void itRunsOncePerJvmAndASystemPropertySwitchesItOff() {
        String before = System.getProperty("convkit.warmup");
        try {
            System.setProperty("convkit.warmup", "false");
            assertFalse(VectorWarmUp.enabled());
            assertFalse(Exec.warmUp(), "switched off");
            System.clearProperty("convkit.warmup");
            assertTrue(VectorWarmUp.enabled());
            Simd.WARMED.set(false); // as in a fresh JVM
            assertEquals(Simd.AVAILABLE, Exec.warmUp(), "the first call runs it (with the Vector API module)");
            assertFalse(Exec.warmUp(), "a second call does nothing");
        } finally {
            if (before == null) System.clearProperty("convkit.warmup");
            else System.setProperty("convkit.warmup", before);
        }
    }
}
