package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-screen pooling room gives the lecture's example and agrees with the batched and fast paths map by map. */
class ReferencePoolTest {

    @Test
    void lectureExample() {
        Tensor x = Tensor.parse("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1");   // L20
        assertEquals(Tensor.parse("1 2\n0 3"), ReferencePool.pool(x, PoolSpec.max(2)));
        assertEquals(Tensor.parse("0.75 1.25\n0 1.5"), ReferencePool.pool(x, PoolSpec.avg(2)));
        assertEquals(Tensor.parse("1 2\n0 3"), Pool.max(2).using(Pool2dKernels.reference()).apply(x));
    }

    @Test
    void everyMapOfABatchIsTheRoomOnThatMap() {
        Random r = new Random(63);
        Pool2dKernels ref = Pool2dKernels.reference(), fast = Pool2dKernels.fast(Exec.threads(2));
        int i = 0;
        for (PoolSpec spec : FastPool2dTest.randomSpecs(r, 200)) {
            int h = spec.window() + r.nextInt(9), w = spec.window() + r.nextInt(9), n = 1 + r.nextInt(3), c = 1 + r.nextInt(3);
            Tensor x = Tensor.randn(Shape.of(n, c, h, w), 700 + i++);
            Tensor batched = ref.forward(x, spec), quick = fast.forward(x, spec);
            String what = spec + " on " + x.shape();
            for (int b = 0; b < n; b++)
                for (int ch = 0; ch < c; ch++) {
                    Tensor map = ReferencePool.pool(x.at(b).at(ch), spec);
                    assertEquals(map, batched.at(b).at(ch), what);
                    double tol = spec.kind() == PoolSpec.Kind.MAX ? 0 : 1e-6 * (1 + x.map(Math::abs).max());
                    assertTrue(map.maxAbsDiff(quick.at(b).at(ch)) <= tol, what + ": fast differs by " + map.maxAbsDiff(quick.at(b).at(ch)));
                }
        }
    }

    @Test
    void badInputTeaches() {
        assertTrue(assertThrows(ShapeException.class, () -> ReferencePool.pool(Tensor.ones(1, 1, 4, 4), PoolSpec.max(2)))
                .getMessage().contains("one (M, N) feature map"));
        assertTrue(assertThrows(ShapeException.class, () -> ReferencePool.pool(Tensor.ones(5, 5), PoolSpec.max(2)))
                .getMessage().contains("(5 - 2 + 0)/2 + 1"));
    }
}
