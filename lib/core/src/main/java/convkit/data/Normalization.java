package convkit.data;

import convkit.tensor.Tensor;

/**
 * Shifts and scales pixel values, {@code v' = (v - mean) / std}, so inputs are centred near 0 with
 * spread near 1, which lets one learning rate suit every layer. Fit it on the training set and
 * apply the same numbers to the test set and to new images.
 */
public record Normalization(double mean, double std) {

    /** The smallest std accepted; {@link #fit} never goes below 1e-6 (a constant data set). */
    public static final double MIN_STD = 1e-7;

    /** Leaves values unchanged. */
    public static final Normalization NONE = new Normalization(0, 1);

    public Normalization {
        if (!(std >= MIN_STD) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normalization needs a finite mean and a finite std of at least " + MIN_STD + ", got mean "
                    + mean + ", std " + std + "; a tinier std would blow the inputs up to huge or infinite values");
        }
    }

    /** Mean and standard deviation of all pixels of a data set. */
    public static Normalization fit(Dataset data) {
        java.util.Objects.requireNonNull(data, "Normalization.fit: the data set must not be null");
        double[] s = data.sums(); // sum, sum of squares, count; a compact data set is read without a float copy
        double mean = s[0] / s[2];
        double std = Math.sqrt(Math.max(s[1] / s[2] - mean * mean, 1e-12));
        return new Normalization(mean, std);
    }

    public Tensor apply(Tensor images) {
        float[] src = images.buffer();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) out[i] = apply(src[i]);
        return Tensor.wrap(out, images.shape());
    }

    /** One value, {@code (float) ((v - mean) / std)} in double precision: the formula every path of the library uses. */
    public float apply(float v) {
        return (float) ((v - mean) / std);
    }
}
