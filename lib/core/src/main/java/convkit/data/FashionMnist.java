package convkit.data;

import convkit.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28x28 gray images of clothing, 60,000 for
 * training and 10,000 for testing, ten classes. Debian's package {@code dataset-fashion-mnist}
 * installs the IDX files in {@link #DEFAULT_DIR}; {@code ./convkit setup} installs it. Another
 * folder with the same four files (MNIST's digits work the same) is chosen by a command-line flag
 * or the environment variable {@value #ENV}.
 *
 * <p>Pixels are scaled to [0, 1]; {@link #NORMALIZATION} then centres them with the training set's
 * mean and standard deviation. The data sets are compact ({@link Dataset#isCompact}): the 8-bit
 * pixels stay bytes, and batches turn them into those floats as they are read. Loading starts the
 * fast kernels' warm-up in the background ({@link convkit.exec.Exec#warmUpInBackground()}), so it
 * overlaps the reading of the files.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Environment variable naming a folder with the IDX files. */
    public static final String ENV = "CONVKIT_DATA";

    /** The classes, in label order 0..9. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Mean and standard deviation of the training pixels (in [0, 1]), computed from the 60,000 training images. */
    public static final Normalization NORMALIZATION = new Normalization(0.2860, 0.3530);

    private FashionMnist() {}

    /** The folder to read: the flag when given, else {@value #ENV} when set, else {@link #DEFAULT_DIR}. */
    public static Path resolveDir(String flag) {
        if (flag != null && !flag.isBlank()) return Path.of(flag);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return DEFAULT_DIR;
    }

    /** The 60,000 training images of {@code dir}, pixels in [0, 1]. */
    public static Dataset train(Path dir) {
        return load(dir, "train");
    }

    /** The 10,000 test images of {@code dir}, pixels in [0, 1]. */
    public static Dataset test(Path dir) {
        return load(dir, "t10k");
    }

    /** {@code split} is {@code train} or {@code t10k}, the prefixes of the IDX file names. */
    public static Dataset load(Path dir, String split) {
        java.util.Objects.requireNonNull(dir, "FashionMnist.load: the folder must not be null");
        java.util.Objects.requireNonNull(split, "FashionMnist.load: split must be \"train\" or \"t10k\"");
        Path images = find(dir, split + "-images-idx3-ubyte");
        Path labels = find(dir, split + "-labels-idx1-ubyte");
        // the known image size is checked from the header, before any data is read
        int most = split.equals("train") ? 60_000 : split.equals("t10k") ? 10_000 : 0;
        return fromIdx(images, labels, "fashion-mnist " + split, CLASS_NAMES, new int[] {SIZE, SIZE}, most);
    }

    /** Fashion-MNIST's (and MNIST's) images are 28x28. */
    public static final int SIZE = 28;

    /** Images and labels from a pair of IDX files, pixels scaled to [0, 1]. */
    public static Dataset fromIdx(Path imagesFile, Path labelsFile, String name, List<String> classNames) {
        return fromIdx(imagesFile, labelsFile, name, classNames, null, 0);
    }

    private static Dataset fromIdx(Path imagesFile, Path labelsFile, String name, List<String> classNames, int[] imageSize, int most) {
        java.util.Objects.requireNonNull(imagesFile, "FashionMnist.fromIdx: imagesFile must not be null");
        java.util.Objects.requireNonNull(labelsFile, "FashionMnist.fromIdx: labelsFile must not be null");
        java.util.Objects.requireNonNull(classNames, "FashionMnist.fromIdx: classNames must not be null");
        // a training set being loaded means a network will run soon: its kernels warm up on the other core meanwhile
        convkit.exec.Exec.warmUpInBackground();
        Idx.Data img = Idx.read(imagesFile, Idx.IMAGES_MAGIC, imageSize, most);
        Idx.Data lab = Idx.read(labelsFile, Idx.LABELS_MAGIC, imageSize == null ? null : new int[0], most);
        if (img.dims().length != 3) throw new IdxException(imagesFile + ": images need 3 dimensions (N, H, W), header has " + img.dims().length);
        if (lab.dims().length != 1) throw new IdxException(labelsFile + ": labels need 1 dimension (N), header has " + lab.dims().length);
        int n = img.dims()[0], h = img.dims()[1], w = img.dims()[2];
        if (lab.dims()[0] != n) {
            throw new IdxException(imagesFile + " has " + n + " images but " + labelsFile + " has " + lab.dims()[0] + " labels");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.bytes()[i] & 0xFF;
            if (y[i] >= classNames.size()) {
                throw new IdxException(labelsFile + ": label " + y[i] + " of image " + i + " but there are only " + classNames.size() + " classes");
            }
        }
        // kept as the file's bytes (a quarter of float32's memory); batches read them as v / 255f
        return Dataset.ofPixels(name, img.bytes(), Shape.of(n, 1, h, w), y, classNames);
    }

    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IdxException("Fashion-MNIST file " + base + "(.gz) not found in " + dir + ".\n"
                + (dir.equals(DEFAULT_DIR)
                        ? "  Install it with `./convkit setup` (or `sudo apt-get install dataset-fashion-mnist`),\n  or point --data or the "
                        + ENV + " environment variable at a folder holding the four IDX files."
                        : "  Point --data or " + ENV + " at a folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                        + " t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (raw or gzip)."));
    }
}
