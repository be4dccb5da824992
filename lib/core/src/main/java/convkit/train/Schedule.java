package convkit.train;

/**
 * How the learning rate changes over the epochs, as a factor of the base rate.
 *
 * <ul>
 *   <li>{@link #CONSTANT}: 1 every epoch.</li>
 *   <li>{@link #STEP}: multiplied by 0.1 every {@code ceil(E/3)} epochs: for 10 epochs 1 in epochs 1-4, 0.1 in 5-8, 0.01 in 9-10.</li>
 *   <li>{@link #COSINE}: {@code (1 + cos(pi * e / E)) / 2} for epoch e of E (0-based), from 1 down towards 0.</li>
 * </ul>
 */
public enum Schedule {
    CONSTANT, STEP, COSINE;

    /** The factor for 0-based {@code epoch} of {@code epochs}. */
    public double factor(int epoch, int epochs) {
        switch (this) {
            case STEP: {
                int every = Math.max(1, (epochs + 2) / 3);
                return Math.pow(0.1, epoch / every);
            }
            case COSINE:
                return (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
            default:
                return 1;
        }
    }
}
