package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.exec.Epilogue;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * A backward pass with an epilogue ({@link Pool2dKernels#backward(Tensor, Tensor, PoolSpec, Tensor, Epilogue)}):
 * every value of dx passes through the epilogue exactly once, after it is final, on every path
 * of the fast kernels (2x2 max with SIMD, 2x2 average, overlapping windows) and the reference.
 */
class PoolEpilogueTest {

    @Test
    void everyInputGradientValueGoesThroughTheEpilogueOnceAfterItIsFinal() {
        Random r = new Random(11);
        PoolSpec[] specs = {PoolSpec.max(2), PoolSpec.avg(2), PoolSpec.max(3).withStride(2).floor(), PoolSpec.avg(3).withStride(1).withPadding(1)};
        for (int trial = 0; trial < 40; trial++) {
            PoolSpec spec = specs[trial % specs.length];
            int n = 1 + r.nextInt(5), c = 1 + r.nextInt(20), h = 2 * (2 + r.nextInt(20)), w = 2 * (2 + r.nextInt(20));
            Tensor x = Tensor.randn(Shape.of(n, c, h, w), trial);
            Pool2dKernels[] kernels = {Pool2dKernels.fast(Exec.threads(1 + trial % 3)), Pool2dKernels.reference()};
            for (Pool2dKernels kern : kernels) {
                String what = "trial " + trial + " " + kern + " " + spec + " x" + x.shape();
                Tensor y = kern.forward(x, spec);
                Tensor dy = Tensor.randn(y.shape(), 500 + trial);
                Tensor plain = kern.backward(dy, x, spec);
                AtomicIntegerArray seen = new AtomicIntegerArray(plain.size());
                Epilogue negate = (v, from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                        v[i] = -v[i] - 1;
                    }
                };
                Tensor dx = Tensor.randn(x.shape(), 900 + trial); // a reused buffer holds old values
                Tensor got = kern.backward(dy, x, spec, dx, negate);
                float[] expected = plain.buffer().clone();
                for (int i = 0; i < expected.length; i++) expected[i] = -expected[i] - 1;
                for (int i = 0; i < expected.length; i++) assertEquals(1, seen.get(i), what + ": value " + i + " went through the epilogue " + seen.get(i) + " times");
                assertArrayEquals(expected, got.buffer(), what);
            }
        }
    }
}
