package convkit.data;

import convkit.tensor.Memory;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled images in memory: images (N, C, H, W), one class index per image, and the class names.
 *
 * <p>Two ways to hold the images, the same to every reader of batches. A data set built from a
 * tensor keeps that tensor's floats. A <em>compact</em> one ({@link #ofPixels}, what
 * {@link FashionMnist} loads) keeps the 8-bit pixels as bytes, a quarter of the memory (47 MB
 * instead of 188 MB for Fashion-MNIST's training set), and a table of the float each of the 256
 * byte values stands for. {@link #normalized} rewrites only that table, so a compact set stays
 * compact, and every float it hands out (in {@link #batch}, {@link #images}, {@link Batcher}) is
 * bit for bit the float the same steps give on a float data set.
 */
public final class Dataset {
    private final String name;
    private final int[] labels;
    private final List<String> classNames;
    private final Shape shape;     // (N, C, H, W)
    private final Tensor images;   // float storage; null when compact
    private final byte[] pixels;   // compact storage: unsigned 8-bit pixels; null otherwise
    private final float[] levels;  // compact: the float of each byte value 0..255

    /** A data set of float images (N, C, H, W); the tensor is kept, not copied. */
    public Dataset(String name, Tensor images, int[] labels, List<String> classNames) {
        Objects.requireNonNull(images, "Dataset: images must not be null; pass an (N, C, H, W) tensor");
        Objects.requireNonNull(labels, "Dataset: labels must not be null; pass one class index per image");
        Objects.requireNonNull(classNames, "Dataset: classNames must not be null");
        if (images.rank() != 4) throw new ShapeException(name + ": images must be (N, C, H, W), got shape " + images.shape());
        this.name = name;
        this.shape = images.shape();
        this.images = images;
        this.pixels = null;
        this.levels = null;
        this.labels = checkLabels(name, labels, shape.dim(0), classNames);
        this.classNames = List.copyOf(classNames);
    }

    private Dataset(String name, byte[] pixels, float[] levels, Shape shape, int[] labels, List<String> classNames) {
        this.name = name;
        this.shape = shape;
        this.images = null;
        this.pixels = pixels;
        this.levels = levels;
        this.labels = checkLabels(name, labels, shape.dim(0), classNames);
        this.classNames = List.copyOf(classNames);
    }

    /**
     * A compact data set of 8-bit images: {@code pixels} holds the (N, C, H, W) values 0..255 as
     * unsigned bytes (read with {@code & 0xFF}), and pixel value v stands for the float
     * {@code v / 255f}, in [0, 1]. The array is kept, not copied: do not change it afterwards.
     */
    public static Dataset ofPixels(String name, byte[] pixels, Shape shape, int[] labels, List<String> classNames) {
        Objects.requireNonNull(pixels, "Dataset.ofPixels: pixels must not be null; pass N*C*H*W unsigned bytes");
        Objects.requireNonNull(shape, "Dataset.ofPixels: shape must not be null; pass (N, C, H, W)");
        if (shape.rank() != 4) throw new ShapeException(name + ": images must be (N, C, H, W), got shape " + shape);
        if (pixels.length != shape.size()) {
            throw new ShapeException(name + ": " + pixels.length + " pixels but shape " + shape + " needs " + shape.size());
        }
        float[] levels = new float[256];
        for (int v = 0; v < 256; v++) levels[v] = v / 255f;
        return new Dataset(name, pixels, levels, shape, labels, classNames);
    }

    private static int[] checkLabels(String name, int[] labels, int n, List<String> classNames) {
        Objects.requireNonNull(labels, "Dataset: labels must not be null; pass one class index per image");
        Objects.requireNonNull(classNames, "Dataset: classNames must not be null");
        if (labels.length != n) throw new ShapeException(name + ": " + n + " images but " + labels.length + " labels");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is not one of the "
                        + classNames.size() + " classes (0.." + (classNames.size() - 1) + ")");
            }
        }
        return labels;
    }

    public String name() {
        return name;
    }

    /**
     * The images (N, C, H, W) as floats. A float data set returns its own tensor; a compact one
     * ({@link #isCompact}) builds a new tensor on every call (4 bytes per pixel, 188 MB for
     * Fashion-MNIST's training set), so changing it does not change the data set. To read a few
     * images or train, use {@link #batch} or a {@link Batcher}, which never build the whole tensor.
     */
    public Tensor images() {
        if (images != null) return images;
        float[] out = Memory.floats(pixels.length, name + ": " + size() + " images " + exampleShape() + " as float32");
        for (int i = 0; i < out.length; i++) out[i] = levels[pixels[i] & 0xFF];
        return Tensor.wrap(out, shape);
    }

    /** Image {@code i} as a new (C, H, W) tensor: the cheap way to look at one image of a compact data set. */
    public Tensor image(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(name + ": image " + i + " is outside the " + size() + " examples; valid indices are 0.."
                    + (size() - 1));
        }
        return batch(new int[] {i}).x().reshape(shape.dim(1), shape.dim(2), shape.dim(3));
    }

    /** One class index per image; the data set's own array. */
    public int[] labels() {
        return labels;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** True when the images are held as 8-bit pixels plus a table of their float values (see the class comment). */
    public boolean isCompact() {
        return pixels != null;
    }

    public int size() {
        return labels.length;
    }

    public int classes() {
        return classNames.size();
    }

    /** The shape of one image, (C, H, W). */
    public Shape exampleShape() {
        return Shape.of(shape.dim(1), shape.dim(2), shape.dim(3));
    }

    /** The images and labels at the given positions, in that order, in a new batch. */
    public Batch batch(int[] indices) {
        checkIndices(indices);
        Batch b = new Batch(Tensor.wrap(new float[indices.length * perImage()], batchShape(indices.length)), new int[indices.length]);
        fill(indices, b);
        return b;
    }

    /** A {@link Batcher} over this data set: batches that reuse their memory. */
    public Batcher batcher() {
        return new Batcher(this);
    }

    /**
     * Hands out batches like {@link Dataset#batch}, with the same values, but refills the same
     * arrays each time, so a training loop allocates nothing per step. A batch stays valid until
     * the next call for the same batch size; it keeps one batch per size for the last two sizes
     * asked (an epoch's full batches and its shorter last one).
     */
    public static final class Batcher {
        private final Dataset data;
        private Batch recent, older;

        private Batcher(Dataset data) {
            this.data = data;
        }

        /** The images and labels at the given positions, in that order, in this batcher's reused batch of that size. */
        public Batch batch(int[] indices) {
            data.checkIndices(indices);
            Batch b;
            if (recent != null && recent.size() == indices.length) {
                b = recent;
            } else if (older != null && older.size() == indices.length) {
                b = older;
                older = recent;
                recent = b;
            } else {
                b = new Batch(Tensor.wrap(new float[indices.length * data.perImage()], data.batchShape(indices.length)),
                        new int[indices.length]);
                older = recent;
                recent = b;
            }
            data.fill(indices, b);
            return b;
        }
    }

    private int perImage() {
        return shape.dim(1) * shape.dim(2) * shape.dim(3);
    }

    private Shape batchShape(int n) {
        return Shape.of(n, shape.dim(1), shape.dim(2), shape.dim(3));
    }

    private void checkIndices(int[] indices) {
        Objects.requireNonNull(indices, "Dataset.batch: indices must not be null");
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= labels.length) {
                throw new IndexOutOfBoundsException(name + ": batch index " + indices[k] + " (position " + k + ") is outside the "
                        + labels.length + " examples; valid indices are 0.." + (labels.length - 1));
            }
        }
    }

    /** Copies the examples at {@code indices} (checked) into {@code into}, whose size is indices.length. */
    private void fill(int[] indices, Batch into) {
        int per = perImage();
        float[] x = into.x().buffer();
        int[] y = into.y();
        for (int k = 0; k < indices.length; k++) {
            int from = indices[k] * per, to = k * per;
            if (images != null) {
                System.arraycopy(images.buffer(), from, x, to, per);
            } else {
                for (int p = 0; p < per; p++) x[to + p] = levels[pixels[from + p] & 0xFF];
            }
            y[k] = labels[indices[k]];
        }
    }

    /** The first {@code n} examples (for quick runs); a compact data set stays compact. */
    public Dataset first(int n) {
        if (n < 1 || n > size()) throw new IllegalArgumentException(name + ": first(" + n + ") needs 1.." + size());
        if (pixels != null) {
            return new Dataset(name, Arrays.copyOf(pixels, n * perImage()), levels, batchShape(n), Arrays.copyOf(labels, n), classNames);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Batch b = batch(idx);
        return new Dataset(name, b.x(), b.y(), classNames);
    }

    /**
     * A data set with every pixel mapped by {@code (v - mean) / std}: a float data set is copied,
     * a compact one shares its pixels and maps only its 256 levels (the same floats either way).
     */
    public Dataset normalized(Normalization norm) {
        Objects.requireNonNull(norm, "Dataset.normalized: norm must not be null; use Normalization.NONE for none,"
                + " or Normalization.fit(trainSet) for the training set's mean and std");
        if (pixels == null) return new Dataset(name, norm.apply(images), labels, classNames);
        float[] mapped = new float[256];
        for (int v = 0; v < 256; v++) mapped[v] = norm.apply(levels[v]);
        return new Dataset(name, pixels, mapped, shape, labels, classNames);
    }

    /** Sum and sum of squares of every pixel's float value, in storage order (for {@link Normalization#fit}). */
    double[] sums() {
        double sum = 0, sq = 0;
        if (images != null) {
            for (float v : images.buffer()) {
                sum += v;
                sq += (double) v * v;
            }
        } else {
            for (byte p : pixels) {
                float v = levels[p & 0xFF];
                sum += v;
                sq += (double) v * v;
            }
        }
        return new double[] {sum, sq, shape.size()};
    }

    /** How many images of each class. */
    public int[] classCounts() {
        int[] counts = new int[classes()];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /** Equal when name, class names, labels and every image value are equal, however the images are held. */
    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof Dataset d) || !Objects.equals(name, d.name) || !classNames.equals(d.classNames)
                || !Arrays.equals(labels, d.labels) || !shape.equals(d.shape)) return false;
        if (images != null && d.images != null) return images.equals(d.images);
        if (pixels != null && d.pixels != null && Arrays.equals(levels, d.levels)) return Arrays.equals(pixels, d.pixels);
        for (int i = 0; i < shape.size(); i++) {
            if (Float.floatToIntBits(value(i)) != Float.floatToIntBits(d.value(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, classNames, Arrays.hashCode(labels), shape);
    }

    private float value(int i) {
        return images != null ? images.buffer()[i] : levels[pixels[i] & 0xFF];
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " images " + exampleShape() + ", " + classes() + " classes, counts "
                + Arrays.toString(classCounts()) + ")";
    }

    /** A batch: images (B, C, H, W) and their labels. */
    public record Batch(Tensor x, int[] y) {
        public int size() {
            return y.length;
        }
    }
}
