package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ReLU's plain loops compute {@code x > 0 ? x : 0} and {@code x > 0 ? g : 0} with a bit mask
 * instead of a branch; these tests hold them to the branch's bits, special values included.
 */
class ReluPlainLoopsTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xff800001), Float.intBitsToFloat(0xffffffff)};

    private static float[] values() {
        SplittableRandom r = new SplittableRandom(20);
        float[] v = new float[SPECIAL.length + 200_000];
        System.arraycopy(SPECIAL, 0, v, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < v.length; i++) v[i] = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
        return v;
    }

    @Test
    void theMaskIsOpenExactlyForPositiveValues() {
        // every 97th bit pattern of all 2^32, and the edges of the positive range
        for (long bits = Integer.MIN_VALUE; bits <= Integer.MAX_VALUE; bits += 97) check((int) bits);
        for (int edge : new int[] {0, 1, 2, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fffffff, 0x80000000, 0x80000001, 0xff800000, 0xffffffff}) check(edge);
    }

    private static void check(int bits) {
        int expected = Float.intBitsToFloat(bits) > 0 ? -1 : 0;
        if (ReluLoops.Plain.open(bits) != expected) assertEquals(expected, ReluLoops.Plain.open(bits), "mask of bits 0x" + Integer.toHexString(bits));
    }

    @Test
    void plainLoopsGiveTheBitsOfTheBranch() {
        float[] x = values(), g = values(), y = new float[x.length], dx = new float[x.length];
        for (int i = 0; i < g.length; i++) g[i] = g[(i * 7 + 3) % g.length]; // gradients unrelated to x
        ReluLoops.Plain.INSTANCE.relu(x, y, 0, x.length);
        ReluLoops.Plain.INSTANCE.reluBackward(x, g, dx, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float wantY = x[i] > 0 ? x[i] : 0f, wantDx = x[i] > 0 ? g[i] : 0f;
            if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(wantY)) assertEquals(Float.floatToRawIntBits(wantY), Float.floatToRawIntBits(y[i]), "relu(" + x[i] + ")");
            if (Float.floatToRawIntBits(dx[i]) != Float.floatToRawIntBits(wantDx)) assertEquals(Float.floatToRawIntBits(wantDx), Float.floatToRawIntBits(dx[i]), "relu'(" + x[i] + ") * " + g[i]);
        }
    }
}
