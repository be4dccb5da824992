package convkit.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.ShapeException;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @Test
    void grayPngRoundTripIsExact(@TempDir Path dir) {
        Tensor img = Tensor.zeros(5, 7);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 7; j++) img.set(((i * 7 + j) * 7 % 256) / 255.0, i, j);
        Path file = dir.resolve("ramp.png");
        Images.writeGray(img, file);
        Tensor back = Images.readGray(file);
        assertEquals(img.shape(), back.shape());
        assertTrue(back.allClose(img, 1e-6), "max diff " + back.maxAbsDiff(img));
    }

    @Test
    void jpegRoundTripIsClose(@TempDir Path dir) {
        Tensor img = Tensor.full(0.5, 16, 16);
        Path file = dir.resolve("flat.jpg");
        Images.writeGray(img, file);
        assertTrue(Images.readGray(file).allClose(img, 2 / 255.0));
    }

    @Test
    void colourImagesUseLuma(@TempDir Path dir) throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x00FF00);
        Path file = dir.resolve("rg.png");
        ImageIO.write(rgb, "png", file.toFile());
        Tensor t = Images.readGray(file);
        assertEquals(0.299, t.get(0, 0), 1e-6);
        assertEquals(0.587, t.get(0, 1), 1e-6);
    }

    @Test
    void toImageClampsOrNormalises() {
        Tensor t = Tensor.parse("-1 0 0.5 2");
        t = t.reshape(1, 4);
        BufferedImage clamped = Images.toImage(t);
        assertEquals(0, clamped.getRaster().getSample(0, 0, 0));
        assertEquals(128, clamped.getRaster().getSample(2, 0, 0));
        assertEquals(255, clamped.getRaster().getSample(3, 0, 0));
        BufferedImage stretched = Images.toImage(t, true); // -1..2 -> 0..1
        assertEquals(0, stretched.getRaster().getSample(0, 0, 0));
        assertEquals(85, stretched.getRaster().getSample(1, 0, 0));
        assertEquals(255, stretched.getRaster().getSample(3, 0, 0));
        assertEquals(0, Images.toImage(Tensor.full(3, 2, 2), true).getRaster().getSample(1, 1, 0), "constant image");
    }

    @Test
    void writingIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.png");
        Images.writeGray(Tensor.full(1, 3, 3), file);
        Images.writeGray(Tensor.zeros(4, 4), file); // replaces the first picture in one rename
        assertEquals(Tensor.zeros(4, 4), Images.readGray(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the picture should remain");
        }
    }

    @Test
    void badTensorsAreExplained() {
        var rank = assertThrows(ShapeException.class, () -> Images.toImage(Tensor.zeros(1, 1, 4, 4)));
        assertTrue(rank.getMessage().contains("(1, 1, 4, 4)") && rank.getMessage().contains("x.at(0).at(0)"), rank.getMessage());
        var nan = assertThrows(ShapeException.class, () -> Images.toImage(Tensor.zeros(2, 2).set(Double.NaN, 1, 0)));
        assertTrue(nan.getMessage().contains("NaN at (1, 0)"), nan.getMessage());
    }

    @Test
    void truncatedPngIsExplained(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.png");
        Images.writeGray(Tensor.rand(Shape.of(40, 40), 5), good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Images.readGray(cut));
        assertTrue(e.getMessage().contains("cut.png") && e.getMessage().contains("truncated or damaged"), e.getMessage());
    }

    @Test
    void absurdSizesAreRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        // A 1-bit PNG of 9000 x 9000 is small on disk but would be a 324 MB float tensor.
        BufferedImage huge = new BufferedImage(9000, 9000, BufferedImage.TYPE_BYTE_BINARY);
        Path file = dir.resolve("huge.png");
        ImageIO.write(huge, "png", file.toFile());
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Images.readGray(file));
        assertTrue(e.getMessage().contains("9000 x 9000") && e.getMessage().contains("scale the picture down"), e.getMessage());
    }

    @Test
    void missingFolderIsExplained(@TempDir Path dir) {
        Path file = dir.resolve("no/such/folder/x.png");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Images.writeGray(Tensor.zeros(2, 2), file));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
