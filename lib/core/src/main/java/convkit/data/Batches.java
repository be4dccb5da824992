package convkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a data set into mini-batches. The order of an epoch is a shuffle drawn from
 * {@code (seed, epoch)} alone, so a run repeats exactly and every epoch sees a new order.
 */
public final class Batches {
    private Batches() {}

    /**
     * The index arrays of one epoch's batches; the last batch is smaller when {@code batchSize}
     * does not divide the size.
     */
    public static List<int[]> shuffled(int size, int batchSize, long seed, int epoch) {
        return split(permutation(size, seed * 1_000_003L + epoch), batchSize);
    }

    /** Batches in the data set's order (for evaluation). */
    public static List<int[]> inOrder(int size, int batchSize) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        return split(order, batchSize);
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates) from a seed. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static List<int[]> split(int[] order, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] b = new int[to - from];
            System.arraycopy(order, from, b, 0, b.length);
            out.add(b);
        }
        return out;
    }
}
