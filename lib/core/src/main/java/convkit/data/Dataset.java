package convkit.data;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled images in memory: images (N, C, H, W) as floats, one class index per image, and the
 * class names.
 */
public record Dataset(String name, Tensor images, int[] labels, List<String> classNames) {

    public Dataset {
        java.util.Objects.requireNonNull(images, "Dataset: images must not be null; pass an (N, C, H, W) tensor");
        java.util.Objects.requireNonNull(labels, "Dataset: labels must not be null; pass one class index per image");
        java.util.Objects.requireNonNull(classNames, "Dataset: classNames must not be null");
        if (images.rank() != 4) throw new ShapeException(name + ": images must be (N, C, H, W), got shape " + images.shape());
        if (labels.length != images.dim(0)) {
            throw new ShapeException(name + ": " + images.dim(0) + " images but " + labels.length + " labels");
        }
        classNames = List.copyOf(classNames);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is not one of the "
                        + classNames.size() + " classes (0.." + (classNames.size() - 1) + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int classes() {
        return classNames.size();
    }

    /** The shape of one image, (C, H, W). */
    public Shape exampleShape() {
        return Shape.of(images.dim(1), images.dim(2), images.dim(3));
    }

    /** The images and labels at the given positions, in that order. */
    public Batch batch(int[] indices) {
        java.util.Objects.requireNonNull(indices, "Dataset.batch: indices must not be null");
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= labels.length) {
                throw new IndexOutOfBoundsException(name + ": batch index " + indices[k] + " (position " + k + ") is outside the "
                        + labels.length + " examples; valid indices are 0.." + (labels.length - 1));
            }
        }
        int per = images.size() / images.dim(0);
        float[] src = images.buffer();
        float[] x = new float[indices.length * per];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(src, indices[k] * per, x, k * per, per);
            y[k] = labels[indices[k]];
        }
        return new Batch(Tensor.wrap(x, Shape.of(indices.length, images.dim(1), images.dim(2), images.dim(3))), y);
    }

    /** The first {@code n} examples (for quick runs). */
    public Dataset first(int n) {
        if (n < 1 || n > size()) throw new IllegalArgumentException(name + ": first(" + n + ") needs 1.." + size());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Batch b = batch(idx);
        return new Dataset(name, b.x(), b.y(), classNames);
    }

    /** A copy with every pixel mapped by {@code (v - mean) / std}. */
    public Dataset normalized(Normalization norm) {
        java.util.Objects.requireNonNull(norm, "Dataset.normalized: norm must not be null; use Normalization.NONE for none,"
                + " or Normalization.fit(trainSet) for the training set's mean and std");
        return new Dataset(name, norm.apply(images), labels, classNames);
    }

    /** How many images of each class. */
    public int[] classCounts() {
        int[] counts = new int[classes()];
        for (int y : labels) counts[y]++;
        return counts;
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
