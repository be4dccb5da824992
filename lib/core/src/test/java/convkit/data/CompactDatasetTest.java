package convkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A compact (8-bit) data set hands out exactly the floats of the float path it replaced: pixel v
 * read as {@code (v & 0xFF) / 255f}, then {@code (float) ((x - mean) / std)} in double
 * precision. The reference values here are written out with those formulas, not taken from the
 * code under test.
 */
class CompactDatasetTest {
    static final List<String> TWO = List.of("a", "b");

    /** The float path as it was: scale, then each normalisation in turn. */
    static float reference(int v, Normalization... norms) {
        float x = (v & 0xFF) / 255f;
        for (Normalization n : norms) x = (float) ((x - n.mean()) / n.std());
        return x;
    }

    static float[] reference(byte[] px, Normalization... norms) {
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) out[i] = reference(px[i], norms);
        return out;
    }

    static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": value " + i + " is " + actual[i] + ", the float path gives " + expected[i]);
            }
        }
    }

    @Test
    void everyByteValueGivesTheFloatOfTheOldPath() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) all[v] = (byte) v;
        var raw = Dataset.ofPixels("all", all, Shape.of(1, 1, 16, 16), new int[] {0}, TWO);
        assertTrue(raw.isCompact());
        var other = new Normalization(0.5, 0.25);
        int[] first = {0};
        assertSameBits(reference(all), raw.batch(first).x().buffer(), "raw");
        assertSameBits(reference(all, FashionMnist.NORMALIZATION), raw.normalized(FashionMnist.NORMALIZATION).batch(first).x().buffer(),
                "Fashion-MNIST's normalisation");
        assertSameBits(reference(all, FashionMnist.NORMALIZATION, other),
                raw.normalized(FashionMnist.NORMALIZATION).normalized(other).batch(first).x().buffer(), "two normalisations");
        // the float data set of the same values, normalised the ordinary way, agrees too
        var floats = new Dataset("all", Tensor.wrap(reference(all), Shape.of(1, 1, 16, 16)), new int[] {0}, TWO);
        assertFalse(floats.isCompact());
        assertSameBits(floats.normalized(FashionMnist.NORMALIZATION).images().buffer(),
                raw.normalized(FashionMnist.NORMALIZATION).images().buffer(), "compact vs float data set");
    }

    /** Random pixels, two channels, odd sizes: batches (new and reused), first(n), images(), fit and equals. */
    @Test
    void syntheticBytesGiveTheSameBatchesAsFloats() {
        int n = 37;
        Shape shape = Shape.of(n, 2, 5, 3);
        byte[] px = new byte[shape.size()];
        int[] labels = new int[n];
        var rng = new SplittableRandom(11);
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(2);
        var norm = new Normalization(0.3, 0.7);
        var compact = Dataset.ofPixels("syn", px, shape, labels, TWO).normalized(norm);
        var floats = new Dataset("syn", Tensor.wrap(reference(px), shape), labels, TWO).normalized(norm);
        assertTrue(compact.isCompact());
        assertEquals(floats, compact);
        assertEquals(compact, floats);
        assertEquals(floats.hashCode(), compact.hashCode());
        assertSameBits(floats.images().buffer(), compact.images().buffer(), "images()");

        Dataset.Batcher batcher = compact.batcher();
        int[][] batches = {{3, 1, 36, 3}, {0, 5}, {7, 8, 9, 10}, {36, 0}, {2}};
        Dataset.Batch previous4 = null;
        for (int[] idx : batches) {
            Dataset.Batch want = floats.batch(idx), fresh = compact.batch(idx), reused = batcher.batch(idx);
            assertEquals(Shape.of(idx.length, 2, 5, 3), reused.x().shape());
            assertSameBits(want.x().buffer(), fresh.x().buffer(), "batch " + java.util.Arrays.toString(idx));
            assertSameBits(want.x().buffer(), reused.x().buffer(), "reused batch " + java.util.Arrays.toString(idx));
            assertArrayEquals(want.y(), reused.y());
            assertArrayEquals(want.y(), fresh.y());
            if (idx.length == 4) {
                if (previous4 != null) assertSame(previous4.x().buffer(), reused.x().buffer(), "a size seen last-but-one reuses its arrays");
                previous4 = reused;
            }
        }
        // a float data set's batcher gives its values too
        Dataset.Batcher fb = floats.batcher();
        assertSameBits(floats.batch(batches[0]).x().buffer(), fb.batch(batches[0]).x().buffer(), "float batcher");

        for (int i : new int[] {0, 17, 36}) assertEquals(floats.images().at(i), compact.image(i), "image(" + i + ")");
        assertEquals(Shape.of(2, 5, 3), compact.image(0).shape());

        var first = compact.first(9);
        assertTrue(first.isCompact());
        assertEquals(floats.first(9), first);
        assertSameBits(floats.first(9).images().buffer(), first.images().buffer(), "first(9)");

        var fitC = Normalization.fit(Dataset.ofPixels("syn", px, shape, labels, TWO));
        var fitF = Normalization.fit(new Dataset("syn", Tensor.wrap(reference(px), shape), labels, TWO));
        assertEquals(fitF, fitC); // the same sums in the same order: equal to the last bit
    }

    @Test
    void imagesOfACompactSetIsACopy() {
        var d = Dataset.ofPixels("c", new byte[] {(byte) 255, 0, 0, 0}, Shape.of(1, 1, 2, 2), new int[] {1}, TWO);
        Tensor a = d.images();
        assertNotSame(a, d.images());
        a.buffer()[0] = 42;
        assertEquals(1f, d.images().buffer()[0]);
        assertEquals(1f, d.batch(new int[] {0}).x().buffer()[0]);
        var f = new Dataset("f", Tensor.wrap(new float[] {1, 0, 0, 0}, Shape.of(1, 1, 2, 2)), new int[] {1}, TWO);
        assertSame(f.images(), f.images()); // a float data set hands out its own tensor, as before
        assertNotEquals(f, d); // another name
    }

    /** Every batch of a shuffled epoch and the whole test set, on the real files, against the float path. */
    @Test
    void realFashionMnistEqualsTheFloatPathBitForBit() throws Exception {
        Path dir = FashionMnist.DEFAULT_DIR;
        for (String split : new String[] {"t10k", "train"}) {
            Dataset compact = FashionMnist.load(dir, split).normalized(FashionMnist.NORMALIZATION);
            assertTrue(compact.isCompact());
            Path imagesFile = Files.exists(dir.resolve(split + "-images-idx3-ubyte.gz")) ? dir.resolve(split + "-images-idx3-ubyte.gz")
                    : dir.resolve(split + "-images-idx3-ubyte");
            Idx.Data raw = Idx.read(imagesFile, Idx.IMAGES_MAGIC);
            float[] want = reference(raw.bytes(), FashionMnist.NORMALIZATION);
            int per = 28 * 28;
            if (split.equals("t10k")) {
                assertSameBits(want, compact.images().buffer(), "the test set's images()");
                continue;
            }
            Dataset.Batcher batcher = compact.batcher();
            float[] expected = new float[64 * per];
            for (int[] idx : Batches.shuffled(compact.size(), 64, 1, 0)) {
                Dataset.Batch b = batcher.batch(idx);
                if (expected.length != idx.length * per) expected = new float[idx.length * per];
                for (int k = 0; k < idx.length; k++) System.arraycopy(want, idx[k] * per, expected, k * per, per);
                assertSameBits(expected, b.x().buffer(), "training batch");
                for (int k = 0; k < idx.length; k++) assertEquals(compact.labels()[idx[k]], b.y()[k]);
            }
        }
    }

    @Test
    void badPixelsAreNamed() {
        IdxBoundsTest.mentions(assertThrows(ShapeException.class,
                () -> Dataset.ofPixels("p", new byte[5], Shape.of(1, 1, 2, 2), new int[] {0}, TWO)).getMessage(),
                "p: 5 pixels but shape (1, 1, 2, 2) needs 4");
        IdxBoundsTest.mentions(assertThrows(ShapeException.class,
                () -> Dataset.ofPixels("p", new byte[4], Shape.of(1, 2, 2), new int[] {0}, TWO)).getMessage(), "(N, C, H, W)");
        IdxBoundsTest.mentions(assertThrows(NullPointerException.class,
                () -> Dataset.ofPixels("p", null, Shape.of(1, 1, 2, 2), new int[] {0}, TWO)).getMessage(), "pixels must not be null");
        IdxBoundsTest.mentions(assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofPixels("p", new byte[4], Shape.of(1, 1, 2, 2), new int[] {2}, TWO)).getMessage(),
                "label 2 of image 0", "0..1");
        IdxBoundsTest.mentions(assertThrows(ShapeException.class,
                () -> Dataset.ofPixels("p", new byte[8], Shape.of(2, 1, 2, 2), new int[] {0}, TWO)).getMessage(), "2 images but 1 labels");
        var d = Dataset.ofPixels("p", new byte[8], Shape.of(2, 1, 2, 2), new int[] {0, 1}, TWO);
        IdxBoundsTest.mentions(assertThrows(IndexOutOfBoundsException.class, () -> d.batcher().batch(new int[] {1, 2})).getMessage(),
                "batch index 2 (position 1)", "0..1");
        IdxBoundsTest.mentions(assertThrows(IllegalArgumentException.class, () -> d.first(3)).getMessage(), "first(3) needs 1..2");
        IdxBoundsTest.mentions(assertThrows(IndexOutOfBoundsException.class, () -> d.image(2)).getMessage(), "image 2", "0..1");
    }
}
