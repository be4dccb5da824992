package convkit.conv;

/**
 * The lecture's counting formulas: parameters of a convolutional layer and the connections
 * of fully-connected, locally-connected and weight-shared layers (§6.2 卷积的动机).
 * Results are {@code long}: the fully-connected count reaches 10^12.
 *
 * <pre>{@code
 * jshell> Counts.convParameters(5, 3, 10)                 // (5*5*3)*10 + 10
 * $1 ==> 760
 * jshell> Counts.fullyConnected(1000 * 1000, 1_000_000)   // 10^12
 * $2 ==> 1000000000000
 * jshell> Counts.locallyConnected(1_000_000, 10 * 10)     // 10^8
 * $3 ==> 100000000
 * }</pre>
 */
public final class Counts {
    private Counts() {}

    /**
     * Parameters of a conv layer: {@code (F * F * D1) * K + K} (weights plus one bias per filter).
     * The lecture's example: F=5, D1=3, K=10 gives 760.
     */
    public static long convParameters(int f, int depth, int filters) {
        positive("F", f);
        positive("D1", depth);
        positive("K", filters);
        return (long) f * f * depth * filters + filters;
    }

    /** Weights per filter: {@code F * F * D1} (76 - 1 = 75 for 5x5x3, 76 with its bias). */
    public static long weightsPerFilter(int f, int depth) {
        positive("F", f);
        positive("D1", depth);
        return (long) f * f * depth;
    }

    /** Fully-connected: every one of {@code outputs} neurons sees every input, {@code M_l * M_{l-1}}. */
    public static long fullyConnected(long inputs, long outputs) {
        positive("inputs M_{l-1}", inputs);
        positive("outputs M_l", outputs);
        return Math.multiplyExact(inputs, outputs);
    }

    /** Locally-connected: each neuron sees only its {@code K}-input window, {@code M_l * K}. */
    public static long locallyConnected(long outputs, long receptiveField) {
        positive("outputs M_l", outputs);
        positive("receptive field K", receptiveField);
        return Math.multiplyExact(outputs, receptiveField);
    }

    /** Weight sharing: every neuron of a feature map uses the same kernel, so {@code K * filters} weights. */
    public static long sharedWeights(long receptiveField, long filters) {
        positive("receptive field K", receptiveField);
        positive("filters", filters);
        return Math.multiplyExact(receptiveField, filters);
    }

    private static void positive(String name, long v) {
        if (v < 1) throw new convkit.tensor.ShapeException(name + " must be at least 1, got " + v);
    }
}
