package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A fast convolution reuses its scratch arrays from call to call and zeroes a padded layout only
 * when it changes: no call may see what an earlier one left there. Every result of one long-lived
 * instance must equal, bit for bit, that of a fresh instance.
 */
class FastConv2dScratchReuseTest {

    /** Results of fresh instances with the same thread count: a new one for every call, so that no call sees another's scratch. */
    private static Tensor[] fresh(FastConv2dAgreementTest.Case c, int threads) {
        return all(() -> Conv2dKernels.fast(Exec.threads(threads)), c);
    }

    private static Tensor[] all(Supplier<Conv2dKernels> k, FastConv2dAgreementTest.Case c) {
        Tensor x = c.x(), w = c.weights(), dy = c.dy();
        Tensor dw = Tensor.zeros(w.shape()), db = Tensor.zeros(w.dim(0));
        k.get().backwardParams(dy, x, w.shape(), c.spec(), dw, db);
        return new Tensor[] {k.get().forward(x, w, c.b(), c.spec()), k.get().backwardInput(dy, w, x.shape(), c.spec()),
                k.get().backwardWeights(dy, x, w.shape(), c.spec()), dw, db};
    }

    private static void assertSame(Tensor[] expected, Tensor[] actual, String what) {
        String[] names = {"forward", "backwardInput", "backwardWeights", "backwardParams dw", "backwardParams db"};
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i].buffer(), actual[i].buffer(), what + ": " + names[i]);
    }

    /**
     * Two stride-1 convolutions whose padded layouts have the same sizes (rows 4 wide, 16 positions
     * per channel) but whose data sit in different columns: width 2 with padding 2 (the data in
     * columns 2 and 3, zeros in 0 and 1), width 4 without padding (data everywhere). After the
     * second, the first must find its padding zeroed again.
     */
    @Test
    void layoutsOfTheSameSizeWithDataInOtherPlacesDoNotLeak() {
        FastConv2dAgreementTest.Case padded = new FastConv2dAgreementTest.Case(1, 2, 2, 4, 2, 2, 1, 3, new ConvSpec(1, 1, 0, 2, 1, 1, Rounding.STRICT), true);
        FastConv2dAgreementTest.Case unpadded = new FastConv2dAgreementTest.Case(2, 2, 2, 4, 4, 2, 1, 3, ConvSpec.DEFAULT, true);
        Conv2dKernels reused = Conv2dKernels.fast(Exec.threads(1));
        for (int round = 0; round < 3; round++) {
            assertSame(fresh(padded, 1), all(() -> reused, padded), "padding 2 after no padding, round " + round);
            assertSame(fresh(unpadded, 1), all(() -> reused, unpadded), "no padding after padding 2, round " + round);
        }
    }

    /** Random shapes, batches up to 9 images (groups with fewer images than the others), one instance per thread count. */
    @Test
    void aLongLivedInstanceGivesTheResultsOfFreshOnes() {
        List<FastConv2dAgreementTest.Case> cases = FastConv2dAgreementTest.randomCases(150, 77, 9);
        for (int threads : new int[] {1, 2}) {
            Conv2dKernels reused = Conv2dKernels.fast(Exec.threads(threads));
            for (FastConv2dAgreementTest.Case c : cases) assertSame(fresh(c, threads), all(() -> reused, c), c + ", " + threads + " thread(s)");
        }
    }
}
