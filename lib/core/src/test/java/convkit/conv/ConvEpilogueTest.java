package convkit.conv;

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
 * A forward pass with an epilogue ({@link Conv2dKernels#forward(Tensor, Tensor, Tensor, ConvSpec, Tensor, Epilogue)}):
 * every output value passes through the epilogue exactly once, after it is final, for both fast
 * variants, random shapes and 1 to 3 threads; the default method (the reference) does the same.
 */
class ConvEpilogueTest {

    @Test
    void everyOutputValueGoesThroughTheEpilogueOnceAfterItIsFinal() {
        Random r = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(7), c = 1 + r.nextInt(4), h = 5 + r.nextInt(12), w = 5 + r.nextInt(12), f = 1 + r.nextInt(9);
            int k = 1 + 2 * r.nextInt(3), stride = 1 + r.nextInt(2), pad = r.nextInt(k);
            ConvSpec spec = ConvSpec.stride(stride).withPadding(pad).floor();
            Tensor x = Tensor.randn(Shape.of(n, c, h, w), trial), wt = Tensor.randn(Shape.of(f, c, k, k), 100 + trial), b = Tensor.randn(Shape.of(f), 200 + trial);
            Conv2dKernels.Variant variant = trial % 2 == 0 ? Conv2dKernels.Variant.AUTO : Conv2dKernels.Variant.IM2COL;
            Conv2dKernels[] kernels = {Conv2dKernels.fast(Exec.threads(1 + trial % 3), variant), Conv2dKernels.reference()};
            for (Conv2dKernels kern : kernels) {
                String what = "trial " + trial + " " + kern + " " + variant + " x" + Shape.of(n, c, h, w) + " w" + Shape.of(f, c, k, k) + " " + spec;
                Tensor plain = kern.forward(x, wt, b, spec);
                AtomicIntegerArray seen = new AtomicIntegerArray(plain.size());
                // the epilogue squares what it finds and counts each index: a value seen before it was final, or twice, shows
                Epilogue square = (v, from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                        v[i] = v[i] * v[i];
                    }
                };
                Tensor out = Tensor.zeros(plain.shape());
                Tensor got = kern.forward(x, wt, b, spec, out, square);
                float[] expected = plain.buffer().clone();
                for (int i = 0; i < expected.length; i++) expected[i] = expected[i] * expected[i];
                for (int i = 0; i < expected.length; i++) assertEquals(1, seen.get(i), what + ": value " + i + " went through the epilogue " + seen.get(i) + " times");
                assertArrayEquals(expected, got.buffer(), what);
            }
        }
    }
}
