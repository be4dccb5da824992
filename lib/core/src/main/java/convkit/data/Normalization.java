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
        double sum = 0, sq = 0;
        float[] d = data.images().buffer();
        for (float v : d) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / d.length;
        double std = Math.sqrt(Math.max(sq / d.length - mean * mean, 1e-12));
        return new Normalization(mean, std);
    }

    public Tensor apply(Tensor images) {
        float[] src = images.buffer();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) out[i] = (float) ((src[i] - mean) / std);
        return Tensor.wrap(out, images.shape());
    }
}
