package convkit.conv;

import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The multiply-add terms behind one output cell, e.g.
 * {@code y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429}.
 *
 * <p>{@link #toString()} lists the terms whose weight is not zero (the way one works the sum by
 * hand); {@link #allTerms()} lists every window position, padded zeros included. For true
 * convolution {@link #kernelUsed()} is the rotated (flipped) kernel. Negative factors are printed in
 * parentheses so a product never reads as a subtraction.
 *
 * <pre>{@code
 * jshell> Kernel2d.parse("1 8\n-5 6").explainConvolve(Tensor.parse("2 10 8\n5 15 20\n6 11 9"), 0, 0)
 * $1 ==> kernel rotated 180 degrees (true convolution): [[6, -5], [8, 1]]
 * y[0][0] = 2*6 + 10*(-5) + 5*8 + 15*1 = 17
 * jshell> Kernel2d.parse("1 0 1\n0 1 0\n1 0 1").padding(1).explain(Tensor.parse("18 54\n55 121"), 0, 0)
 * $2 ==> y[0][0] = 0(pad)*1 + 0(pad)*1 + 18*1 + 0(pad)*1 + 121*1 = 139
 * }</pre>
 *
 * @param output    the output cell, e.g. "y[0][0]"
 * @param terms     one term per kernel position, row-major over the kernel
 * @param value     the sum (plus the bias, if any)
 * @param kernelUsed the kernel as applied: the original for correlation, flipped for convolution
 * @param flipped   true for true convolution
 */
public record Explanation(String output, List<Term> terms, double value, Tensor kernelUsed, boolean flipped) {

    /**
     * One product: input {@code x} at {@code inputIndex} times weight {@code w}. {@code padded}
     * is true when the window position falls in the zero padding (x is then 0).
     */
    public record Term(double x, double w, String inputIndex, boolean padded) {
        String text() {
            return factor(x) + (padded ? "(pad)" : "") + "*" + factor(w);
        }
    }

    /** Copies the terms so the explanation cannot change afterwards. */
    public Explanation {
        terms = List.copyOf(terms);
    }

    /** The sum with the zero-weight terms left out, e.g. {@code y[0][0] = 18*1 + 51*1 + ... = 429}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Term t : terms) if (t.w() != 0) parts.add(t.text());
        if (parts.isEmpty()) parts.add("0");
        return header() + output + " = " + String.join(" + ", parts) + " = " + num(value);
    }

    /** Every term, zero weights and padded zeros included. */
    public String allTerms() {
        List<String> parts = new ArrayList<>();
        for (Term t : terms) parts.add(t.text());
        return header() + output + " = " + String.join(" + ", parts) + " = " + num(value);
    }

    private String header() {
        return flipped ? "kernel rotated 180 degrees (true convolution): " + flatKernel() + "\n" : "";
    }

    private String flatKernel() {
        if (kernelUsed.rank() == 1) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < kernelUsed.size(); i++) sb.append(i == 0 ? "" : ", ").append(num(kernelUsed.get(i)));
            return sb.append(']').toString();
        }
        StringBuilder sb = new StringBuilder("[");
        float[] k = kernelUsed.buffer();
        int w = kernelUsed.dim(-1);
        for (int i = 0; i < k.length; i++) {
            if (i % w == 0) sb.append(i == 0 ? "[" : "], [");
            else sb.append(", ");
            sb.append(num(k[i]));
        }
        return sb.append("]]").toString();
    }

    /** A negative factor in parentheses, so {@code 5*(-5)} cannot be misread as a subtraction. */
    static String factor(double v) {
        return v < 0 ? "(" + num(v) + ")" : num(v);
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
