package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.exec.Exec;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The JIT warm-up of the 2x2 max-pool loops reaches both, on wide, one-vector and (backward)
 * in-between maps (narrower ones run the plain loop), the wide ones on every 4th call, and its
 * inputs fit every vector width.
 */
class MaxPool2x2WarmUpTest {

    @Test
    void theWarmUpCallsEachLoopAndItsInputsFitEveryVectorWidth() {
        Map<String, Integer> calls = new TreeMap<>();
        int[] lanesNow = new int[1];
        MaxPool2x2.Kernels counting = new MaxPool2x2.Kernels() {
            public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
                calls.merge("forward w" + width(w, lanesNow[0]) + " x" + outputs, 1, Integer::sum);
                MaxPool2x2.forward(false, x, xOff, w, y, yOff, outputs, corners);   // every value, bounds-checked
                return outputs;
            }

            public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
                calls.merge("backward w" + width(w, lanesNow[0]) + " x" + outputs, 1, Integer::sum);
                MaxPool2x2.backward(false, x, xOff, w, dy, yOff, dx, outputs, corners);
                return outputs;
            }
        };
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) {
            lanesNow[0] = lanes;
            calls.clear();
            MaxPool2x2.warmUp(counting, lanes, 8);
            int l = lanes;
            Map<String, Integer> expected = new TreeMap<>();
            // every call: one vector step of each loop (forward: two rows of L/2 windows of maps one vector wide; backward: one row)
            expected.merge("forward w" + width(l, l) + " x" + l, 8, Integer::sum);
            expected.merge("backward w" + width(l, l) + " x" + l / 2, 8, Integer::sum);
            if (l >= 16) expected.merge("backward wL-2 x" + (l - 2), 8, Integer::sum); // between 3/4 of a vector and a vector wide
            // every 4th call: several steps (2L + 4 windows of maps 2L + 4 wide)
            expected.merge("forward w2L+4 x" + (2 * l + 4), 2, Integer::sum);
            expected.merge("backward w2L+4 x" + (2 * l + 4), 2, Integer::sum);
            assertEquals(expected, calls, lanes + " lanes");
        }
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        MaxPool2x2.warmUp(new VectorMaxPool2x2(), Exec.vectorLanes(), 4);
    }

    /** A map width named after the lanes it is measured in ("4" first: with 4 lanes it is also L). */
    private static String width(int w, int lanes) {
        return w == 4 ? "4" : w == 2 * lanes + 4 ? "2L+4" : w == lanes ? "L" : w == lanes - 2 ? "L-2" : String.valueOf(w);
    }
}
