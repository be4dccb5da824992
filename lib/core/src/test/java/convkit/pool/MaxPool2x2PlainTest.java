package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.exec.Exec;
import org.junit.jupiter.api.Test;

/**
 * The plain backward loop of 2x2 max pooling picks each window's winner with masks instead of
 * branches; held here to the rule written with branches (the first largest of a, b, c, d in
 * that order, NaN never beating anything) on every window made of nine values: ties, both
 * zeros, infinities and NaN. The vector loops (when the module is present) must agree too.
 */
class MaxPool2x2PlainTest {
    private static final float[] V = {1f, 2f, -1f, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 2f};

    /** The rule as it was written before the masks: one branch per comparison. */
    private static int winner(float a, float b, float c, float d) {
        int k = 0;
        float best = a;
        if (b > best) { best = b; k = 1; }
        if (c > best) { best = c; k = 2; }
        if (d > best) k = 3;
        return k;
    }

    @Test
    void everyWindowOfNineValuesGoesToTheSameCornerAsWithBranches() {
        int n = V.length, windows = n * n * n * n, w = 2 * windows;
        float[] x = new float[2 * w], dy = new float[windows], dx = new float[2 * w], dxVector = new float[2 * w];
        int o = 0;
        for (float a : V) for (float b : V) for (float c : V) for (float d : V) {
            x[2 * o] = a; x[2 * o + 1] = b; x[w + 2 * o] = c; x[w + 2 * o + 1] = d;
            dy[o] = o % 3 == 0 ? -0.5f * o : 0.25f + o; // both signs
            o++;
        }
        int[] corners = MaxPool2x2.corners(1, 2, w);
        MaxPool2x2.backward(false, x, 0, w, dy, 0, dx, windows, corners);
        for (o = 0; o < windows; o++) {
            int k = winner(x[2 * o], x[2 * o + 1], x[w + 2 * o], x[w + 2 * o + 1]);
            float[] got = {dx[2 * o], dx[2 * o + 1], dx[w + 2 * o], dx[w + 2 * o + 1]};
            for (int q = 0; q < 4; q++) {
                int want = Float.floatToRawIntBits(q == k ? dy[o] : 0f);
                if (Float.floatToRawIntBits(got[q]) != want) {
                    assertEquals(want, Float.floatToRawIntBits(got[q]), "window " + o + " (" + x[2 * o] + ", " + x[2 * o + 1] + ", " + x[w + 2 * o]
                            + ", " + x[w + 2 * o + 1] + "), corner " + q + ": the winner is corner " + k);
                }
            }
        }
        if (!Exec.vectorApi()) return;
        int done = new VectorMaxPool2x2().backward(x, 0, w, dy, 0, dxVector, windows, corners);
        MaxPool2x2.backward(false, x, 0, w, dy, done, dxVector, windows - done, java.util.Arrays.copyOfRange(corners, done, windows)); // the tail
        for (int i = 0; i < dx.length; i++) assertEquals(Float.floatToRawIntBits(dx[i]), Float.floatToRawIntBits(dxVector[i]), "dx[" + i + "], vector vs plain");
    }
}
