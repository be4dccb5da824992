package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.exec.Exec;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JIT warm-up of the 2x2 max-pool loops reaches both, on wide, narrow and (backward) in-between maps, and its inputs fit every vector width. */
class MaxPool2x2WarmUpTest {

    @Test
    void theWarmUpCallsEachLoopAndItsInputsFitEveryVectorWidth() {
        Map<String, Integer> calls = new TreeMap<>();
        int[] lanesNow = new int[1];
        MaxPool2x2.Kernels counting = new MaxPool2x2.Kernels() {
            public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
                calls.merge("forward w" + (w == 4 ? "4" : "2L+4"), 1, Integer::sum);
                MaxPool2x2.forward(false, x, xOff, w, y, yOff, outputs, corners);   // every value, bounds-checked
                return outputs;
            }

            public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
                calls.merge("backward w" + (w == 4 ? "4" : w == lanesNow[0] - 2 ? "L-2" : "2L+4"), 1, Integer::sum);
                MaxPool2x2.backward(false, x, xOff, w, dy, yOff, dx, outputs, corners);
                return outputs;
            }
        };
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) {
            lanesNow[0] = lanes;
            MaxPool2x2.warmUp(counting, lanes, 2);
        }
        // maps of L - 2 columns (between 3/4 of a vector and a vector) from 16 lanes on
        assertEquals(Map.of("forward w4", 12, "backward w4", 12, "forward w2L+4", 12, "backward w2L+4", 12, "backward wL-2", 6), calls);
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        MaxPool2x2.warmUp(new VectorMaxPool2x2(), Exec.vectorLanes(), 3);
    }
}
