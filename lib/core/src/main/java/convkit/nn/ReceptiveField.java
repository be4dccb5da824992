package convkit.nn;

import convkit.conv.ConvSpec;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The receptive field (感受野) of every unit of a stack of conv and pool layers, along one axis
 * (rows or columns; a square layer has the same numbers on both). With F_k the window, S_k the
 * stride, P_k the padding and D_k the dilation of layer k, and the input as layer 0:
 * <pre>
 *   r_0 = 1,  j_0 = 1,  s_0 = 0
 *   r_k = r_{k-1} + (F_k - 1) * D_k * j_{k-1}     with j_{k-1} = prod(S_1..S_{k-1})
 *   j_k = j_{k-1} * S_k                            (input pixels between neighbouring units)
 *   s_k = s_{k-1} - P_k * j_{k-1}                  (where unit 0's field starts; padding pushes it out)
 * </pre>
 * so unit i of layer k sees input pixels {@code s_k + i*j_k} to {@code s_k + i*j_k + r_k - 1}: the
 * lecture's formula (D_k = 1 there). At the border part of that box is padding; {@link #inImage}
 * gives the pixels that really reach the unit, found by following the windows down layer by layer.
 *
 * <pre>{@code
 * jshell> var rf = ReceptiveField.of(Models.lenet5(0), 0)    // rows of LeNet-5
 * jshell> rf.size(4)                                         // pool2: 16 input rows per unit
 * jshell> rf.formula(3)   // r_3 = r_2 + (F_3 - 1) * prod(S_1..S_2) = 6 + (5 - 1) * (1 * 2) = 14
 * }</pre>
 */
public final class ReceptiveField {

    /** One sliding layer along one axis: window F, stride S, padding P, dilation D. */
    public record Step(String name, int window, int stride, int padding, int dilation) {
        public Step {
            Objects.requireNonNull(name, "Step: the name must not be null, e.g. \"conv1\"");
            if (window < 1 || stride < 1 || padding < 0 || dilation < 1) {
                throw new IllegalArgumentException("Step " + name + ": need window F >= 1, stride S >= 1, padding P >= 0"
                        + " and dilation D >= 1, got F=" + window + ", S=" + stride + ", P=" + padding + ", D=" + dilation);
            }
        }

        /** Input positions one window covers, holes included: D * (F - 1) + 1. */
        public int extent() {
            return dilation * (window - 1) + 1;
        }
    }

    /** Positions {@code first..last} (inclusive); empty when {@code last < first}. */
    public record Span(int first, int last) {
        public int length() {
            return Math.max(0, last - first + 1);
        }

        public boolean isEmpty() {
            return last < first;
        }

        @Override
        public String toString() {
            return isEmpty() ? "none" : first + ".." + last;
        }
    }

    private final int inputSize;
    private final List<Step> steps;
    private final int[] units;   // units along the axis per layer, [0] = the input
    private final long[] r;
    private final long[] jump;
    private final long[] start;
    /** reach[m][k][i]: the units of layer m that unit i of layer k reads, directly or through the layers between. */
    private final BitSet[][][] reach;

    private ReceptiveField(int inputSize, List<Step> steps) {
        if (inputSize < 1) throw new IllegalArgumentException("ReceptiveField: the input size must be at least 1, got " + inputSize);
        this.inputSize = inputSize;
        this.steps = List.copyOf(steps);
        int n = this.steps.size();
        units = new int[n + 1];
        r = new long[n + 1];
        jump = new long[n + 1];
        start = new long[n + 1];
        units[0] = inputSize;
        r[0] = 1;
        jump[0] = 1;
        for (int k = 1; k <= n; k++) {
            Step s = this.steps.get(k - 1);
            int room = units[k - 1] + 2 * s.padding() - s.extent();
            if (room < 0) {
                throw new IllegalArgumentException("ReceptiveField: layer " + k + " (" + s.name() + ") has a window of "
                        + s.extent() + " but only " + (units[k - 1] + 2 * s.padding()) + " positions (padded) to slide over");
            }
            units[k] = room / s.stride() + 1;   // a window that would run past the end is dropped
            r[k] = r[k - 1] + (long) (s.window() - 1) * s.dilation() * jump[k - 1];
            jump[k] = jump[k - 1] * s.stride();
            start[k] = start[k - 1] - (long) s.padding() * jump[k - 1];
        }
        reach = new BitSet[n + 1][][];
        for (int m = 0; m <= n; m++) reach[m] = follow(m);
    }

    /** For units of every layer above m: the units of layer m they read, window by window. */
    private BitSet[][] follow(int m) {
        int n = steps.size();
        BitSet[][] t = new BitSet[n + 1][];
        t[m] = new BitSet[units[m]];
        for (int i = 0; i < units[m]; i++) {
            t[m][i] = new BitSet();
            t[m][i].set(i);
        }
        for (int k = m + 1; k <= n; k++) {
            Step s = steps.get(k - 1);
            t[k] = new BitSet[units[k]];
            for (int i = 0; i < units[k]; i++) {
                t[k][i] = new BitSet();
                for (int f = 0; f < s.window(); f++) {
                    int u = i * s.stride() - s.padding() + f * s.dilation();   // a unit of layer k-1, or padding
                    if (u >= 0 && u < units[k - 1]) t[k][i].or(t[k - 1][u]);
                }
            }
        }
        return t;
    }

    /** The receptive fields of the steps over an input of {@code inputSize} positions. */
    public static ReceptiveField of(int inputSize, List<Step> steps) {
        Objects.requireNonNull(steps, "ReceptiveField.of: steps must not be null; pass e.g. List.of(new Step(\"conv1\", 3, 1, 1, 1))");
        for (Step s : steps) Objects.requireNonNull(s, "ReceptiveField.of: a step is null");
        return new ReceptiveField(inputSize, steps);
    }

    /**
     * The conv and pool layers of a model built with {@link Sequential#input} along rows ({@code axis 0})
     * or columns (1), read from each layer's {@link Layer#config()}: activations and dropout keep the
     * field; the first Flatten or Dense ends it (a dense unit sees the whole input).
     */
    public static ReceptiveField of(Sequential model, int axis) {
        Objects.requireNonNull(model, "ReceptiveField.of: the model must not be null; try Models.lenet5(0)");
        if (axis != 0 && axis != 1) throw new IllegalArgumentException("ReceptiveField.of: axis must be 0 (rows) or 1 (columns), got " + axis);
        Shape example = model.exampleShape();
        if (example == null || example.rank() != 3) {
            throw new IllegalArgumentException("ReceptiveField.of: the model needs its input shape (C, H, W); build it with Sequential.input(...)");
        }
        List<Step> steps = new ArrayList<>();
        int convs = 0, pools = 0;
        for (Layer l : model.layers()) {
            LayerConfig c = l.config().orElse(null);
            if (c instanceof Conv2d.Config conv) {
                ConvSpec s = conv.spec();
                steps.add(new Step("conv" + ++convs, conv.kernel(), axis == 0 ? s.strideH() : s.strideW(),
                        axis == 0 ? s.padH() : s.padW(), axis == 0 ? s.dilationH() : s.dilationW()));
            } else if (c instanceof Pool2dLayer.Config pool) {
                PoolSpec s = pool.spec();
                steps.add(new Step("pool" + ++pools, s.window(), s.stride(), s.padding(), 1));
            } else if (c == null || c instanceof Dense.Config || "Flatten".equals(c.type())) {
                if (c == null && steps.isEmpty()) throw new IllegalArgumentException("ReceptiveField.of: cannot read layer " + l + " (no config())");
                break;
            }
        }
        return new ReceptiveField(example.dim(axis + 1), steps);
    }

    /** Number of sliding layers; layer 0 is the input, 1..layers() the steps. */
    public int layers() {
        return steps.size();
    }

    public Step step(int k) {
        check(k, 1);
        return steps.get(k - 1);
    }

    /** Units along the axis in layer k (k = 0: input positions). */
    public int units(int k) {
        check(k, 0);
        return units[k];
    }

    /** r_k: input positions one unit of layer k spans (padding included). */
    public long size(int k) {
        check(k, 0);
        return r[k];
    }

    /** j_k = prod(S_1..S_k): input positions between neighbouring units of layer k. */
    public long jump(int k) {
        check(k, 0);
        return jump[k];
    }

    /** The formula's box for unit i of layer k in input positions; it may reach into the padding. */
    public Span box(int k, int i) {
        checkUnit(k, i);
        long first = start[k] + i * jump[k];
        return new Span(Math.toIntExact(first), Math.toIntExact(first + r[k] - 1));
    }

    /** The input positions that reach unit i of layer k: the box without padding (and without positions no window reads). */
    public Span inImage(int k, int i) {
        return reach(0, k, i);
    }

    /** The first and last unit of layer m (m {@code <=} k) that unit i of layer k reads, directly or through the layers between. */
    public Span reach(int m, int k, int i) {
        BitSet b = units(m, k, i);
        return b.isEmpty() ? new Span(0, -1) : new Span(b.nextSetBit(0), b.length() - 1);
    }

    /** Every unit of layer m (m {@code <=} k) that unit i of layer k reads; with dilation there can be holes. */
    public int[] positions(int m, int k, int i) {
        return units(m, k, i).stream().toArray();
    }

    private BitSet units(int m, int k, int i) {
        checkUnit(k, i);
        if (m < 0 || m > k) throw new IllegalArgumentException("ReceptiveField: layer m must be in 0.." + k + ", got " + m);
        return reach[m][k][i];
    }

    /**
     * Whether every position between {@link #inImage}'s ends reaches the unit: true unless a dilation or
     * a stride larger than the field below leaves holes (D_k * j_{k-1} > r_{k-1} for some layer k).
     */
    public boolean solid() {
        for (int k = 1; k <= steps.size(); k++) if (steps.get(k - 1).dilation() * jump[k - 1] > r[k - 1]) return false;
        return true;
    }

    /** The formula for layer k with its numbers: {@code r_3 = r_2 + (F_3 - 1) * prod(S_1..S_2) = 6 + (5 - 1) * (1 * 2) = 14}. */
    public String formula(int k) {
        Step s = step(k);
        boolean dilated = s.dilation() != 1;
        StringBuilder strides = new StringBuilder();
        for (int q = 1; q < k; q++) strides.append(q > 1 ? " * " : "").append(steps.get(q - 1).stride());
        String prod = k == 1 ? "1" : k == 2 ? strides.toString() : "(" + strides + ")";
        String symbols = k == 1 ? "1" : k == 2 ? "S_1" : "prod(S_1..S_" + (k - 1) + ")";
        return "r_" + k + " = r_" + (k - 1) + " + (F_" + k + " - 1)" + (dilated ? " * D_" + k : "") + " * " + symbols
                + " = " + r[k - 1] + " + (" + s.window() + " - 1)" + (dilated ? " * " + s.dilation() : "") + " * " + prod
                + " = " + r[k];
    }

    /** r_0 = 1 and the formula of every layer, one per line. */
    public List<String> formulas() {
        List<String> lines = new ArrayList<>(List.of("r_0 = 1"));
        for (int k = 1; k <= steps.size(); k++) lines.add(formula(k));
        return lines;
    }

    private void check(int k, int lowest) {
        if (k < lowest || k > steps.size()) {
            throw new IllegalArgumentException("ReceptiveField: layer must be in " + lowest + ".." + steps.size() + ", got " + k);
        }
    }

    private void checkUnit(int k, int i) {
        check(k, 0);
        if (i < 0 || i >= units[k]) throw new IllegalArgumentException("ReceptiveField: layer " + k + " has units 0.." + (units[k] - 1) + ", got " + i);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReceptiveField over " + inputSize + " positions:");
        for (int k = 1; k <= steps.size(); k++) sb.append("\n  ").append(steps.get(k - 1).name()).append(": ").append(formula(k));
        return sb.toString();
    }
}
