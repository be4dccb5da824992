package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.exec.Exec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD row copy gives the same bits as the plain loop, writes only its rows, and its JIT warm-up fits every vector width. */
class RowCopyTest {

    @Test
    void copyRowsPlusMatchesThePlainLoopAndWritesOnlyItsRows() {
        Random r = new Random(29);
        Exec simd = Exec.threads(1), plain = Exec.threads(1).scalar();
        for (int trial = 0; trial < 400; trial++) {
            int rows = r.nextInt(6), cols = r.nextInt(40), stride = cols + r.nextInt(20);
            int srcOff = r.nextInt(5), dstOff = r.nextInt(5), dstPad = r.nextInt(3) * 7;
            // the source ends exactly after its last row (or a little later): vectors must not read past it
            int srcLen = rows == 0 || cols == 0 ? srcOff : srcOff + (rows - 1) * stride + cols + r.nextInt(2) * r.nextInt(20);
            float[] src = new float[srcLen];
            for (int i = 0; i < srcLen; i++) src[i] = (float) r.nextGaussian();
            if (srcLen > 2) { src[0] = Float.NaN; src[1] = -0f; src[2] = Float.NEGATIVE_INFINITY; }
            float add = trial % 3 == 0 ? 0f : (float) r.nextGaussian();
            float[] got = new float[dstOff + rows * cols + dstPad], want = new float[got.length];
            java.util.Arrays.fill(got, 42f); // sentinels: values outside the destination rows must stay
            java.util.Arrays.fill(want, 42f);
            RowCopy.copyRowsPlus(simd, src, srcOff, stride, got, dstOff, rows, cols, add);
            RowCopy.copyRowsPlus(plain, src, srcOff, stride, want, dstOff, rows, cols, add);
            for (int q = 0; q < rows; q++)
                for (int j = 0; j < cols; j++) {
                    float expected = src[srcOff + q * stride + j] + add;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(want[dstOff + q * cols + j]), "plain loop");
                }
            assertArrayEquals(want, got, "rows=" + rows + " cols=" + cols + " stride=" + stride + " srcLen=" + srcLen);
        }
    }

    @Test
    void copyRowsPlusRejectsRowsOutsideTheArrays() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RowCopy.copyRowsPlus(Exec.threads(1), new float[30], 0, 10, new float[40], 0, 4, 10, 0f));
        assertTrue(e.getMessage().contains("4 rows of 10"), e.getMessage());
    }

    @Test
    void theWarmUpCallsTheLoopAndItsInputsFitEveryVectorWidth() {
        int[] calls = {0};
        RowCopy.Kernels counting = (src, srcOff, srcStride, dst, dstOff, rows, cols, add) -> {
            calls[0]++;
            RowCopy.Plain.INSTANCE.copyRowsPlus(src, srcOff, srcStride, dst, dstOff, rows, cols, add);   // every value, bounds-checked
        };
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) RowCopy.warmUp(counting, lanes, 2);
        assertEquals(12, calls[0]);
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        RowCopy.warmUp(new VectorRowCopy(), Exec.vectorLanes(), 3);
    }
}
