package convkit.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX sizes are judged against the file before the data is read; Fashion-MNIST's images must be 28x28. */
class IdxBoundsTest {
    @TempDir
    Path dir;

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    @Test
    void aRawFileMustHoldExactlyWhatItsHeaderDeclares() throws IOException {
        Path p = Files.write(dir.resolve("raw"), IdxTest.idx(Idx.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, new byte[100]));
        mentions(assertThrows(IdxException.class, () -> Idx.read(p, 0)).getMessage(), "declares 784000000 data bytes", "file has 100",
                "exactly header + data");
    }

    @Test
    void aGzipFileCannotDeclareMoreThanDeflateCanExpand() throws IOException {
        Path p = Files.write(dir.resolve("small.gz"), IdxTest.gzip(IdxTest.idx(Idx.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, new byte[100])));
        mentions(assertThrows(IdxException.class, () -> Idx.read(p, 0)).getMessage(), "declares 784000000 data bytes",
                "gzip expands at most 1032 times");
    }

    @Test
    void fashionMnistImagesOfAnotherSizeAreNamedAsSuch() throws IOException {
        int n = 3;
        ByteBuffer img = ByteBuffer.allocate(16 + n * 14 * 56).putInt(Idx.IMAGES_MAGIC).putInt(n).putInt(14).putInt(56);
        Files.write(dir.resolve("train-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), ByteBuffer.allocate(8 + n).putInt(Idx.LABELS_MAGIC).putInt(n).array());
        mentions(assertThrows(IdxException.class, () -> FashionMnist.train(dir)).getMessage(), "[3, 14, 56]", "28x28 images",
                "these images are 14x56");
    }

    @Test
    void batchIndicesOutsideTheSetAreNamed() {
        var d = Synthetic.bars(10, 8, 1);
        mentions(assertThrows(IndexOutOfBoundsException.class, () -> d.batch(new int[] {0, 10})).getMessage(),
                "batch index 10 (position 1)", "outside the 10 examples", "0..9");
        mentions(assertThrows(NullPointerException.class, () -> d.normalized(null)).getMessage(), "Normalization.NONE");
    }

    /** A header that claims 1,000,000 images of 28x28: the known count refuses it before anything is inflated. */
    @Test
    void fashionMnistHoldsAtMostItsKnownNumberOfImages() throws IOException {
        Path dir2 = Files.createDirectory(dir.resolve("big"));
        ByteBuffer h = ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(1_000_000).putInt(28).putInt(28);
        Files.write(dir2.resolve("t10k-images-idx3-ubyte.gz"), IdxTest.gzip(h.array()));
        Files.write(dir2.resolve("t10k-labels-idx1-ubyte"), ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(1_000_000).array());
        mentions(assertThrows(IdxException.class, () -> FashionMnist.test(dir2)).getMessage(), "says 1000000 entries", "at most 10000");
    }
}
