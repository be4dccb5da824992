package convkit.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.exec.Exec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector loops of 2x2 max pooling against the plain ones, called directly (not through the
 * warm-up switch): many widths (narrower than a vector, 3/4 of one, whole vectors, partial last
 * vectors), heights and map counts, offsets into larger arrays, values with ties, both zeros,
 * infinities and NaN. The vector loop plus the plain tail must give the plain loop's bits, and
 * nothing outside the block's outputs may change (the forward's whole-vector stores spill into
 * later outputs, which must all be written again).
 */
class MaxPool2x2VectorTest {
    private static final float[] V = {0f, -0f, 1f, 1f, 2f, -1f, 3.5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN};

    @Test
    void vectorLoopsGiveThePlainLoopsBitsAndWriteOnlyTheirOutputs() {
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        VectorMaxPool2x2 vector = new VectorMaxPool2x2();
        int lanes = Exec.vectorLanes();
        Random r = new Random(11);
        int cases = 0;
        for (int w = 2; w <= 3 * lanes + 6; w += 2) {
            for (int h : new int[] {2, 4, 6, 10}) {
                for (int maps : new int[] {1, 3}) {
                    int xOff = 3 + r.nextInt(5), yOff = 2 + r.nextInt(5), outputs = maps * (h / 2) * (w / 2);
                    float[] x = new float[xOff + maps * h * w + 7];
                    for (int i = 0; i < x.length; i++) x[i] = r.nextInt(10) == 0 ? V[r.nextInt(V.length)] : (float) r.nextGaussian();
                    float[] dy = new float[yOff + outputs + 5];
                    for (int i = 0; i < dy.length; i++) dy[i] = (float) r.nextGaussian();
                    int[] corners = MaxPool2x2.corners(maps, h, w);
                    String what = "w=" + w + " h=" + h + " maps=" + maps + " lanes=" + lanes;

                    float[] yPlain = filled(yOff + outputs + 5, -7f), yVector = filled(yOff + outputs + 5, -7f);
                    MaxPool2x2.forward(false, x, xOff, w, yPlain, yOff, outputs, corners);
                    int done = vector.forward(x, xOff, w, yVector, yOff, outputs, corners);
                    check(done, outputs, what + ", forward");
                    for (int i = 0; i < yOff; i++) assertEquals(-7f, yVector[i], what + ": forward wrote before its outputs");
                    for (int i = yOff + outputs; i < yVector.length; i++) assertEquals(-7f, yVector[i], what + ": forward wrote past its outputs");
                    // the plain loop over the windows the vector loop left, their corners as the plain loop's callers pass them
                    MaxPool2x2.forward(false, x, xOff, w, yVector, yOff + done, outputs - done, java.util.Arrays.copyOfRange(corners, done, outputs));
                    same(yPlain, yVector, what + ", forward");

                    float[] dxPlain = filled(x.length, -7f), dxVector = filled(x.length, -7f);
                    MaxPool2x2.backward(false, x, xOff, w, dy, yOff, dxPlain, outputs, corners);
                    int doneB = vector.backward(x, xOff, w, dy, yOff, dxVector, outputs, corners);
                    check(doneB, outputs, what + ", backward");
                    MaxPool2x2.backward(false, x, xOff, w, dy, yOff + doneB, dxVector, outputs - doneB, java.util.Arrays.copyOfRange(corners, doneB, outputs));
                    same(dxPlain, dxVector, what + ", backward");
                    cases++;
                }
            }
        }
        assertEquals(true, cases > 100, "cases: " + cases);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static void check(int done, int outputs, String what) {
        assertEquals(true, done >= 0 && done <= outputs, what + ": did " + done + " of " + outputs + " windows");
    }

    private static void same(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + ": index " + i + " is " + got[i] + ", the plain loop gives " + want[i]);
            }
        }
    }
}
