package convkit.nn;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A network described layer by layer: output shape, parameter count and the lecture's formula
 * that gives them. {@link #toString()} is a text table; {@code convkit.viz.Tables.summary} makes a
 * Tablesaw table of the same rows.
 *
 * <pre>{@code
 * jshell> Sequential.of(new Conv2d(3, 10, 5, ConvSpec.padding(2))).summary(Shape.of(1, 3, 32, 32))
 *  #  layer                           output            volume    parameters  formula
 *  1  Conv2d(3 -> 10, 5x5, ...)       (1, 10, 32, 32)   32x32x10  760         W2 = (32 - 5 + 2*2)/1 + 1 = 32; (5*5*3)*10 + 10 = 760
 * }</pre>
 */
public record Summary(Shape input, List<Row> rows) {

    /**
     * One layer.
     *
     * @param volume the output as the lecture writes it, {@code H x W x D} (or the feature count)
     * @param formula how the output size and the parameter count follow from the lecture's formulas
     */
    public record Row(int index, String layer, Shape output, String volume, long parameters, String formula) {}

    public Summary {
        rows = List.copyOf(rows);
    }

    static Summary of(Sequential net, Shape in) {
        net.outputShape(in);   // fails first, naming the layer, if any shape does not fit
        List<Row> rows = new ArrayList<>();
        Shape s = in;
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.get(i);
            Shape out = l.outputShape(s);
            long params = 0;
            for (Param p : l.params()) params += p.size();
            rows.add(new Row(i + 1, l.toString(), out, volume(out), params, formula(l, s, out, params)));
            s = out;
        }
        return new Summary(in, rows);
    }

    public long totalParameters() {
        long n = 0;
        for (Row r : rows) n += r.parameters();
        return n;
    }

    public Shape output() {
        return rows.isEmpty() ? input : rows.get(rows.size() - 1).output();
    }

    /** (N, C, H, W) as the lecture's {@code H x W x D}; (N, F) as {@code F}. */
    static String volume(Shape s) {
        if (s.rank() == 4) return s.dim(2) + "x" + s.dim(3) + "x" + s.dim(1);
        if (s.rank() == 2) return Integer.toString(s.dim(1));
        return s.toString();
    }

    private static String formula(Layer l, Shape in, Shape out, long params) {
        return l.config().map(c -> c.formula(in, out, params)).orElse("");
    }

    /** An aligned text table with a total line. */
    @Override
    public String toString() {
        String[] head = {"#", "layer", "output", "volume", "parameters", "formula"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        cells.add(new String[] {"", "input", input.toString(), volume(input), "", ""});
        for (Row r : rows) {
            cells.add(new String[] {Integer.toString(r.index()), r.layer(), r.output().toString(), r.volume(),
                    Long.toString(r.parameters()), r.formula()});
        }
        int[] width = new int[head.length];
        for (String[] row : cells)
            for (int k = 0; k < row.length; k++) width[k] = Math.max(width[k], row[k].length());
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < row.length; k++) {
                String cell = row[k];
                boolean right = k == 0 || k == 4;
                String pad = " ".repeat(width[k] - cell.length());
                line.append(right ? pad + cell : cell + pad).append(k < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append("total parameters: ").append(totalParameters()).append('\n');
        return sb.toString();
    }
}
