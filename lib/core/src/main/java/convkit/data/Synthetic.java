package convkit.data;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small data sets the code draws itself, so tests and demos need no download and run in seconds.
 */
public final class Synthetic {
    /** The four orientations of {@link #bars}, in label order. */
    public static final List<String> BAR_CLASSES = List.of("horizontal", "vertical", "diagonal \\", "anti-diagonal /");

    private Synthetic() {}

    /**
     * Gray {@code size x size} images each holding one bar, horizontal, vertical, diagonal or
     * anti-diagonal (the class), at a random place, of random length and brightness, with a little
     * Gaussian noise: exactly the kind of local pattern a small convolution filter detects.
     *
     * @param n    number of images (classes take turns, so they are balanced)
     * @param size image height and width, at least 6
     * @param seed the same seed gives the same images
     */
    public static Dataset bars(int n, int size, long seed) {
        if (n < 1) throw new IllegalArgumentException("bars: n must be at least 1, got " + n);
        if (size < 6) throw new IllegalArgumentException("bars: size must be at least 6, got " + size);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * size * size];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            int cls = k % 4;
            y[k] = cls;
            int off = k * size * size;
            for (int p = 0; p < size * size; p++) x[off + p] = (float) (0.1 * gaussian(rng));
            int len = size / 2 + rng.nextInt(size / 2 - 1);
            float bright = (float) (0.7 + 0.3 * rng.nextDouble());
            int r0 = rng.nextInt(size - len + 1), c0 = rng.nextInt(size - len + 1);
            int fixed = rng.nextInt(size);
            for (int t = 0; t < len; t++) {
                int r, c;
                if (cls == 0) { r = fixed; c = c0 + t; }
                else if (cls == 1) { r = r0 + t; c = fixed; }
                else if (cls == 2) { r = r0 + t; c = c0 + t; }
                else { r = r0 + t; c = c0 + len - 1 - t; }
                x[off + r * size + c] += bright;
            }
        }
        return new Dataset("bars " + size + "x" + size, Tensor.wrap(x, Shape.of(n, 1, size, size)), y, BAR_CLASSES);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
