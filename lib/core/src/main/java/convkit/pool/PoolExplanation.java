package convkit.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one pooled value was formed, for the page and the explorer: the window's inputs, and for
 * max pooling the input that won, for average pooling the sum and the count it is divided by.
 *
 * <pre>{@code
 * jshell> Pool.max(2).explain(P, 0, 1)
 * $1 ==> y[0][1] = max(2, 0, 1, 2) = 2, x[0][2] wins
 * jshell> Pool.avg(2).explain(P, 0, 1)
 * $2 ==> y[0][1] = (2 + 0 + 1 + 2) / 4 = 5 / 4 = 1.25
 * }</pre>
 *
 * @param output the output cell, e.g. "y[0][1]"
 * @param kind   MAX or AVG
 * @param cells  the window row-major, padded positions included (marked)
 * @param value  the pooled value
 * @param winner for max pooling the index in {@code cells} of the first largest input (row-major,
 *               as the backward pass routes the gradient); -1 for average pooling
 * @param sum    the sum of the window (padding counts 0)
 */
public record PoolExplanation(String output, PoolSpec.Kind kind, List<Cell> cells, double value, int winner, double sum) {

    /** One window position: input {@code x} at {@code r, q} (unpadded coordinates), or padding. */
    public record Cell(int r, int q, double x, boolean padded) {
        String text() {
            return padded ? "0(pad)" : num(x);
        }
    }

    /** Copies the cells so the explanation cannot change afterwards. */
    public PoolExplanation {
        java.util.Objects.requireNonNull(output, "PoolExplanation: output must not be null");
        java.util.Objects.requireNonNull(kind, "PoolExplanation: kind must not be null (MAX or AVG)");
        cells = List.copyOf(java.util.Objects.requireNonNull(cells, "PoolExplanation: cells must not be null"));
    }

    /** The cell that won a max pool, or null for average pooling. */
    public Cell winningCell() {
        return winner < 0 ? null : cells.get(winner);
    }

    /**
     * Max: {@code y[0][1] = max(2, 0, 1, 2) = 2, x[0][2] wins} (padding is left out: it never
     * wins). Average: {@code y[0][1] = (2 + 0 + 1 + 2) / 4 = 5 / 4 = 1.25} (padding counts 0).
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (kind == PoolSpec.Kind.MAX) {
            int padded = 0;
            for (Cell c : cells) if (c.padded()) padded++; else parts.add(num(c.x()));
            Cell w = winningCell();
            return output + " = max(" + String.join(", ", parts) + ") = " + num(value) + ", x[" + w.r() + "][" + w.q() + "] wins"
                    + (padded > 0 ? " (" + padded + " padded " + (padded == 1 ? "cell" : "cells") + " never win)" : "");
        }
        for (Cell c : cells) parts.add(c.text());
        return output + " = (" + String.join(" + ", parts) + ") / " + cells.size() + " = " + num(sum) + " / " + cells.size() + " = " + num(value);
    }

    /** 18, 0.75, -1.5: whole numbers without ".0", others to at most 4 decimals. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
