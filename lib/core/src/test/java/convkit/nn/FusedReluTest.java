package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a ReLU inside the convolution before it (forward) and inside the pooling layer
 * after it (backward) when the buffers allow: the outputs, the input gradients and every
 * parameter gradient must keep their bits, against the same network with fusing switched off
 * ({@code -Dconvkit.fuse=false}) and against the layers called one by one through their public
 * methods, on random shapes, 1 to 3 threads, and with values that make the ReLU's edge cases
 * (exact zeros, both signs) common.
 */
class FusedReluTest {

    /** Networks with conv -> ReLU -> pool chains of every kind the fast kernels distinguish. */
    private static Sequential network(int kind, Random r, int channels, int size, long seed) {
        Sequential.Builder b = Sequential.input(channels, size, size);
        switch (kind) {
            case 0 -> b.conv2d(2 + r.nextInt(6), 3, ConvSpec.padding(1)).relu().maxPool(2)    // direct path, 2x2 max (SIMD)
                    .conv2d(2 + r.nextInt(10), 3).relu().maxPool(2);
            case 1 -> b.conv2d(2 + r.nextInt(6), 3, ConvSpec.stride(2).withPadding(1).floor()).relu().avgPool(2); // im2col path, average pool
            case 2 -> b.conv2d(2 + r.nextInt(6), 3, ConvSpec.padding(1)).relu()                // overlapping windows: the generic max path
                    .add(new MaxPool2d(convkit.pool.PoolSpec.max(3).withStride(2).floor()));
            default -> b.conv2d(3, 3, ConvSpec.padding(1)).relu().conv2d(4, 3, ConvSpec.padding(1)).relu().maxPool(2); // conv -> ReLU -> conv
        }
        return b.flatten().dense(5).build(Init.HE, seed);
    }

    @Test
    void fusedReluKeepsEveryBitOnRandomNetworks() {
        Random r = new Random(19);
        for (int trial = 0; trial < 24; trial++) {
            int kind = trial % 4, channels = 1 + r.nextInt(3), size = 4 * (2 + r.nextInt(4)), n = 1 + r.nextInt(9);
            int threads = 1 + r.nextInt(3);
            long seed = r.nextLong();
            Sequential fused = network(kind, new Random(seed), channels, size, seed);
            Sequential plain = network(kind, new Random(seed), channels, size, seed);
            Sequential single = network(kind, new Random(seed), channels, size, seed);
            for (Sequential s : List.of(fused, plain, single)) s.use(Backend.standard(threads));
            Tensor x = input(r, Shape.of(n, channels, size, size));
            Tensor dOut = Tensor.randn(Shape.of(n, 5), seed + 1);
            String what = "trial " + trial + " (kind " + kind + ", " + channels + "x" + size + "x" + size + ", batch " + n + ", " + threads + " threads)";

            Tensor[] a = step(fused, x, dOut);
            Tensor[] b = stepUnfused(plain, x, dOut);
            Tensor h = x;
            for (Layer l : single.layers()) h = l.forward(h);
            Tensor g = dOut;
            for (int i = single.size() - 1; i >= 0; i--) g = single.get(i).backward(g);

            assertArrayEquals(b[0].buffer(), a[0].buffer(), what + ": output, fused vs not");
            assertArrayEquals(b[1].buffer(), a[1].buffer(), what + ": input gradient, fused vs not");
            assertArrayEquals(h.buffer(), a[0].buffer(), what + ": output, fused vs layer by layer");
            assertArrayEquals(g.buffer(), a[1].buffer(), what + ": input gradient, fused vs layer by layer");
            assertEquals(plain.params().size(), fused.params().size());
            for (int p = 0; p < fused.params().size(); p++) {
                assertArrayEquals(plain.params().get(p).grad().buffer(), fused.params().get(p).grad().buffer(), what + ": gradient of parameter " + p);
                assertArrayEquals(single.params().get(p).grad().buffer(), fused.params().get(p).grad().buffer(), what + ": gradient of parameter " + p + " (layer by layer)");
            }
        }
    }

    /** Training twice in a row on reused buffers (the second step reads what the first left): still the same bits. */
    @Test
    void aSecondStepOnReusedBuffersKeepsTheBits() {
        for (int threads = 1; threads <= 2; threads++) {
            Sequential fused = Models.lenet5(4), plain = Models.lenet5(4);
            fused.use(Backend.standard(threads));
            plain.use(Backend.standard(threads));
            for (int stepNo = 0; stepNo < 2; stepNo++) {
                Tensor x = Tensor.randn(Shape.of(16, 1, 28, 28), 30 + stepNo), dOut = Tensor.randn(Shape.of(16, 10), 40 + stepNo);
                fused.zeroGrad();
                plain.zeroGrad();
                Tensor[] a = step(fused, x, dOut);
                Tensor[] b = stepUnfused(plain, x, dOut);
                assertArrayEquals(b[0].buffer(), a[0].buffer(), threads + " threads, step " + stepNo + ": output");
                assertArrayEquals(b[1].buffer(), a[1].buffer(), threads + " threads, step " + stepNo + ": input gradient");
                for (int p = 0; p < fused.params().size(); p++) {
                    assertArrayEquals(plain.params().get(p).grad().buffer(), fused.params().get(p).grad().buffer(), "step " + stepNo + ", parameter " + p);
                }
            }
        }
    }

    /** {@link #step} with fusing switched off ({@code -Dconvkit.fuse=false}, read per call). */
    private static Tensor[] stepUnfused(Sequential s, Tensor x, Tensor dOut) {
        System.setProperty("convkit.fuse", "false");
        try {
            return step(s, x, dOut);
        } finally {
            System.clearProperty("convkit.fuse");
        }
    }

    private static Tensor[] step(Sequential s, Tensor x, Tensor dOut) {
        Tensor y = s.forward(x).copy();
        Tensor dx = s.backward(dOut);
        return new Tensor[] {y, dx};
    }

    /** Gaussian values, a quarter of them exact zeros or negative zeros: the ReLU's boundary. */
    private static Tensor input(Random r, Shape shape) {
        Tensor t = Tensor.zeros(shape);
        float[] v = t.buffer();
        for (int i = 0; i < v.length; i++) {
            int pick = r.nextInt(8);
            v[i] = pick == 0 ? 0f : pick == 1 ? -0f : (float) r.nextGaussian();
        }
        return t;
    }
}
