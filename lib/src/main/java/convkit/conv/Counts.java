package convkit.conv;

/**
 * The lecture's counting formulas: parameters of a convolutional layer and the connections
 * of fully-connected, locally-connected and weight-shared layers (§6.2 卷积的动机).
 * Results are {@code long}: the fully-connected count reaches 10^12.
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
        return (long) f * f * depth;
    }

    /** Fully-connected: every one of {@code outputs} neurons sees every input, {@code M_l * M_{l-1}}. */
    public static long fullyConnected(long inputs, long outputs) {
        return inputs * outputs;
    }

    /** Locally-connected: each neuron sees only its {@code K}-input window, {@code M_l * K}. */
    public static long locallyConnected(long outputs, long receptiveField) {
        return outputs * receptiveField;
    }

    /** Weight sharing: every neuron of a feature map uses the same kernel, so {@code K * filters} weights. */
    public static long sharedWeights(long receptiveField, long filters) {
        return receptiveField * filters;
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new convkit.tensor.ShapeException(name + " must be at least 1, got " + v);
    }
}
