package convkit.filters;

import convkit.io.AtomicFiles;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Grayscale images as tensors: an image of height H and width W becomes an (H, W) tensor with
 * values in 0..1 (0 black, 1 white), what the lecture calls "what computers see".
 *
 * <p>Reading goes through ImageIO (PNG, JPEG, GIF, BMP). A gray image keeps its exact sample
 * values (an 8-bit value k reads as k/255); a colour image is turned to gray with the ITU-R
 * BT.601 luma weights {@code 0.299 R + 0.587 G + 0.114 B}. Writing is atomic: the picture goes to
 * a temporary file in the same folder, which is then renamed over the target, so a crash never
 * leaves half an image behind. I/O problems surface as {@link UncheckedIOException} with a message
 * that names the file.
 *
 * <pre>{@code
 * Tensor img = Images.readGray(Path.of("cat.png"));                      // (H, W), values in 0..1
 * Images.writeGray(Filters.gradientMagnitude(img), Path.of("cat-edges.png"), true);  // stretched to 0..1, atomic
 * BufferedImage shown = Images.toImage(Filters.laplacian().correlate(img), true);
 * }</pre>
 */
public final class Images {
    /** The largest picture readGray accepts, 8192 x 8192: its tensor takes 256 MB. */
    public static final long MAX_PIXELS = 8192L * 8192;

    private Images() {}

    /**
     * Reads a PNG or JPEG (or anything ImageIO reads) as a grayscale (H, W) tensor in 0..1.
     *
     * @param file a PNG, JPEG, GIF or BMP file
     * @return (H, W) with values in 0..1
     * @throws UncheckedIOException when the file is missing, unreadable, not an image ImageIO can decode,
     *         truncated, or larger than {@link #MAX_PIXELS}
     */
    public static Tensor readGray(Path file) {
        if (file == null) throw new IllegalArgumentException("Images.readGray: file is null");
        Path abs = file.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw new UncheckedIOException("Images.readGray: no such file " + abs,
                    new NoSuchFileException(abs.toString()));
        }
        if (Files.isDirectory(abs)) {
            throw new UncheckedIOException("Images.readGray: " + abs + " is a folder, not an image file",
                    new IOException(abs + " is a directory"));
        }
        if (!Files.isReadable(abs)) {
            throw new UncheckedIOException("Images.readGray: cannot read " + abs + " (permission denied)",
                    new IOException("not readable: " + abs));
        }
        // Read the header first: the size is checked before any pixels are decoded.
        try (ImageInputStream in = ImageIO.createImageInputStream(abs.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new UncheckedIOException("Images.readGray: " + abs + " (" + Files.size(abs) + " bytes) is not an image"
                        + " ImageIO can read; expected PNG, JPEG, GIF or BMP", new IOException("no ImageIO reader for " + abs));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new UncheckedIOException("Images.readGray: " + abs + " is " + w + " x " + h + " = " + (w * h)
                            + " pixels, more than the " + MAX_PIXELS + " a gray tensor here may hold; scale the picture down first",
                            new IOException("image too large: " + abs));
                }
                return fromImage(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Images.readGray: " + abs + " could not be decoded as an image ("
                    + e.getMessage() + "); is the file truncated or damaged?", e);
        }
    }

    /**
     * The gray values of an image as an (H, W) tensor in 0..1. One-band (gray) images keep their
     * exact samples; colour images use {@code 0.299 R + 0.587 G + 0.114 B}. Alpha is ignored.
     */
    public static Tensor fromImage(BufferedImage image) {
        if (image == null) throw new IllegalArgumentException("Images.fromImage: image is null");
        int h = image.getHeight(), w = image.getWidth();
        float[] d = new float[h * w];
        Raster raster = image.getRaster();
        boolean gray = raster.getNumBands() <= 2 && image.getColorModel().getColorSpace().getNumComponents() == 1;
        if (gray) {
            // Read the samples themselves: getRGB would pass them through a colour conversion and change them.
            double max = (1L << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) d[i * w + j] = (float) (raster.getSample(j, i, 0) / max);
        } else {
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) {
                    int rgb = image.getRGB(j, i);
                    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                    d[i * w + j] = (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
                }
        }
        return Tensor.of(d, h, w);
    }

    /**
     * An 8-bit grayscale picture of an (H, W) tensor for display. Values are clamped to 0..1
     * (0 black, 1 white) and rounded to the nearest of 256 gray levels.
     *
     * @throws ShapeException when the tensor is not (H, W) or holds NaN or infinity
     */
    public static BufferedImage toImage(Tensor img) {
        return toImage(img, false);
    }

    /**
     * As {@link #toImage(Tensor)}; with {@code normalise} the values are first stretched from
     * min..max to 0..1, which makes filter outputs with negative values (Laplacian, Sobel)
     * visible. A constant tensor then shows as black.
     */
    public static BufferedImage toImage(Tensor img, boolean normalise) {
        check(img, normalise ? "Images.toImage(img, true)" : "Images.toImage");
        int h = img.dim(0), w = img.dim(1);
        float[] d = img.buffer();
        double lo = 0, scale = 1;
        if (normalise) {
            lo = img.min();
            double range = img.max() - lo;
            scale = range > 0 ? 1 / range : 0;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                double v = (d[i * w + j] - lo) * scale;
                raster.setSample(j, i, 0, (int) Math.round(Math.max(0, Math.min(1, v)) * 255));
            }
        return out;
    }

    /**
     * Writes an (H, W) tensor as an 8-bit gray PNG or JPEG, chosen by the file extension
     * ({@code .png}, {@code .jpg}, {@code .jpeg}). Values are clamped to 0..1. Atomic: a
     * temporary file in the same folder is renamed over {@code file}.
     *
     * @throws ShapeException       when the tensor is not (H, W) or holds NaN or infinity
     * @throws IllegalArgumentException when the extension is not png, jpg or jpeg
     * @throws UncheckedIOException when the folder is missing or not writable
     */
    public static void writeGray(Tensor img, Path file) {
        writeGray(img, file, false);
    }

    /** As {@link #writeGray(Tensor, Path)}; with {@code normalise} min..max is stretched to 0..1 first. */
    public static void writeGray(Tensor img, Path file, boolean normalise) {
        if (file == null) throw new IllegalArgumentException("Images.writeGray: file is null");
        String format = formatOf(file);
        BufferedImage picture = toImage(img, normalise);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UncheckedIOException("Images.writeGray: folder " + dir + " does not exist; create it first",
                    new NoSuchFileException(String.valueOf(dir)));
        }
        try {
            AtomicFiles.writeWith(abs, tmp -> {
                if (!ImageIO.write(picture, format, tmp.toFile())) throw new IOException("no ImageIO writer for " + format);
            });
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Images.writeGray: could not write " + abs + ": " + e.getCause(), e.getCause());
        }
    }

    private static String formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return "png";
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return "jpeg";
        int dot = name.lastIndexOf('.');
        throw new IllegalArgumentException("Images.writeGray: cannot tell the image format of " + file
                + " from its extension " + (dot < 0 ? "(none)" : "\"" + name.substring(dot) + "\"") + "; use .png or .jpg");
    }

    private static void check(Tensor img, String where) {
        if (img == null) throw new IllegalArgumentException(where + ": img is null");
        if (img.rank() != 2) {
            throw new ShapeException(where + ": img must be an (H, W) gray image, got shape " + img.shape()
                    + (img.rank() == 4 ? "; take one channel of one image first, e.g. x.at(0).at(0)" : "")
                    + (img.rank() == 3 ? "; take one channel first, e.g. x.at(0)" : ""));
        }
        int k = img.firstNonFinite();
        if (k >= 0) {
            throw new ShapeException(where + ": img contains " + img.buffer()[k] + " at (" + k / img.dim(1) + ", "
                    + k % img.dim(1) + ") of shape " + img.shape() + "; a picture needs finite values");
        }
    }
}
