package convkit.lecture;

import convkit.conv.Conv;
import convkit.conv.ConvSpec;
import convkit.conv.Counts;
import convkit.conv.Explanation;
import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.conv.OutputSize;
import convkit.conv.Padding;
import convkit.conv.Rounding;
import convkit.filters.Filters;
import convkit.pool.Pool;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lecture catalogue: every worked example of "Convolutional Neural Networks I" (L01-L31 of
 * EXAMPLES.md) as data, one source for the acceptance tests, the notebooks and JShell users.
 *
 * <pre>{@code
 * jshell> Lecture.example("L09")          // prints inputs, call, explained cell, result, checks, verdict
 * $1 ==> L09  2D correlation, valid, stride 1, no padding (INPUT IMAGE / WEIGHT) ...
 * jshell> Lecture.example("L09").explanation().get()
 * $2 ==> y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429
 * jshell> Lecture.example("L09").tensor("X").shape()
 * $3 ==> (5, 5)
 * jshell> Lecture.examples().size()
 * $4 ==> 31
 * jshell> Lecture.example("L26").agrees()
 * $5 ==> true
 * }</pre>
 *
 * <p>Where the slide is garbled the example says so in {@link Example#notes()} and ConvKit computes
 * the correct thing: L10's last pixel may have been lost in copying, L11's {@code w_uv = 1/W} means
 * {@code 1/(U*V)}, L12's two number grids differ from each other and from their source (the
 * Project Euler 11 grid, used here as the canonical one), and L26's 2.33 is a size ConvKit rejects
 * by default ({@link Rounding#STRICT}).
 */
public final class Lecture {
    private Lecture() {}

    private static final Map<String, Example> CATALOGUE = build();

    /**
     * One example by id, {@code "L01"} to {@code "L31"} (case and a missing leading zero are
     * forgiven: {@code "l9"} is L09).
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static Example example(String id) {
        Example e = id == null ? null : CATALOGUE.get(normalise(id));
        if (e == null) {
            throw new IllegalArgumentException("Lecture.example: no example \"" + id + "\"; the catalogue has L01 to L"
                    + CATALOGUE.size() + " (e.g. Lecture.example(\"L09\"))");
        }
        return e;
    }

    /** All examples, L01 first. */
    public static List<Example> examples() {
        return List.copyOf(CATALOGUE.values());
    }

    private static String normalise(String id) {
        String s = id.trim().toUpperCase(Locale.ROOT);
        if (s.matches("L\\d")) s = "L0" + s.substring(1);
        return s;
    }

    // ---------------------------------------------------------------- L12's grids

    /** The Project Euler problem 11 grid: the canonical version of the lecture's 20x20 "what computers see" picture. */
    public static Tensor eulerGrid() {
        return Tensor.parse(EULER_11);
    }

    /**
     * One of the lecture's two printings of the 20x20 grid: 1 is the one in 6.1 (two-dimensional
     * convolution), 2 the one in 6.4. Both contain digit errors; see {@link #differingCells}.
     */
    public static Tensor slideGrid(int which) {
        if (which == 1) return Tensor.parse(SLIDE_GRID_1);
        if (which == 2) return Tensor.parse(SLIDE_GRID_2);
        throw new IllegalArgumentException("Lecture.slideGrid: which must be 1 (the grid printed in 6.1) or 2 (the one in 6.4), got " + which);
    }

    /** The (row, column) positions, 0-based and row-major, where two matrices of the same shape differ. */
    public static List<List<Integer>> differingCells(Tensor a, Tensor b) {
        java.util.Objects.requireNonNull(a, "differingCells: a must not be null");
        java.util.Objects.requireNonNull(b, "differingCells: b must not be null");
        a.requireRank(2, "differingCells: a");
        if (!a.shape().equals(b.shape())) {
            throw new ShapeException("differingCells: a is " + a.shape() + " but b is " + b.shape() + "; they must match");
        }
        List<List<Integer>> cells = new ArrayList<>();
        for (int i = 0; i < a.dim(0); i++)
            for (int j = 0; j < a.dim(1); j++) if (a.get(i, j) != b.get(i, j)) cells.add(List.of(i, j));
        return cells;
    }

    /** Project Euler 11's question: the largest product of four adjacent numbers in a row, column or diagonal. */
    static long maxProductOfFour(Tensor g) {
        int[][] dirs = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        long best = 0;
        for (int i = 0; i < g.dim(0); i++)
            for (int j = 0; j < g.dim(1); j++)
                for (int[] d : dirs) {
                    int ei = i + 3 * d[0], ej = j + 3 * d[1];
                    if (ei >= g.dim(0) || ej < 0 || ej >= g.dim(1)) continue;
                    long p = 1;
                    for (int k = 0; k < 4; k++) p *= (long) g.get(i + k * d[0], j + k * d[1]);
                    best = Math.max(best, p);
                }
        return best;
    }

    // ---------------------------------------------------------------- building the catalogue

    private static Tensor t(String text) {
        return Tensor.parse(text);
    }

    private static Example.Outcome outcome(Object result, Explanation explanation, Check... checks) {
        return new Example.Outcome(result, explanation, List.of(checks));
    }

    private static Example.Outcome outcome(Object result, Explanation explanation, List<Check> checks) {
        return new Example.Outcome(result, explanation, checks);
    }

    /** A fluent description of one example; {@link #run} attaches the computation. */
    private static final class Builder {
        private final String id, title;
        private String section = "", lines = "", call = "", stated = "";
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        Builder section(String s, String l) {
            section = s;
            lines = l;
            return this;
        }

        Builder in(String name, Object value) {
            inputs.put(name, value);
            return this;
        }

        Builder call(String c) {
            call = c;
            return this;
        }

        Builder stated(String s) {
            stated = s;
            return this;
        }

        Builder note(String n) {
            notes.add(n);
            return this;
        }

        Tensor x(String name) {
            return ((Tensor) inputs.get(name)).copy();
        }

        Example run(java.util.function.Function<Builder, Example.Outcome> f) {
            Supplier<Example.Outcome> s = () -> f.apply(this);
            return new Example(id, title, section, lines, inputs, call, stated, notes, s);
        }
    }

    private static Builder ex(String id, String title) {
        return new Builder(id, title);
    }

    private static Map<String, Example> build() {
        List<Example> all = List.of(l01(), l02(), l03(), l04(), l05(), l06(), l07(), l08(), l09(), l10(),
                l11(), l12(), l13(), l14(), l15(), l16(), l17(), l18(), l19(), l20(),
                l21(), l22(), l23(), l24(), l25(), l26(), l27(), l28(), l29(), l30(), l31());
        Map<String, Example> m = new LinkedHashMap<>();
        for (Example e : all) m.put(e.id(), e);
        return m;
    }

    // ---------------------------------------------------------------- §6.0 motivation

    private static Example l01() {
        return ex("L01", "connections of one fully-connected hidden neuron on a 100x100x3 image")
                .section("前言 (参数太多)", "28")
                .in("H", 100).in("W", 100).in("C", 3)
                .call("Counts.fullyConnected(100 * 100 * 3, 1)")
                .stated("30000 connections (weights) for one hidden neuron")
                .run(b -> {
                    long n = Counts.fullyConnected(100 * 100 * 3, 1);
                    return outcome(n, null, Check.lecture("weights of one neuron", 30000L, n));
                });
    }

    // ---------------------------------------------------------------- §6.1 1D convolution

    private static Example l02() {
        return ex("L02", "1D true convolution: a signal with decay w = [1, 1/2, 1/4] (causal FIR filter)")
                .section("卷积的定义 (信号发生器)", "72, 75")
                .in("w", Tensor.of(1, 0.5, 0.25)).in("x (derived)", Tensor.of(4, 8, 2, 6)).in("impulse (derived)", Tensor.of(1, 0, 0, 0))
                .call("Kernel1d.of(1, 0.5, 0.25).convolve(x)          // narrow: M - F + 1 = 2 outputs\n"
                        + "Kernel1d.of(1, 0.5, 0.25).wide().convolve(impulse)   // the impulse response is w itself")
                .stated("y_t = 1*x_t + 1/2*x_{t-1} + 1/4*x_{t-2} = sum_k w_k x_{t-k+1} (formula only, no concrete x)")
                .note("DERIVED: the lecture gives no input signal; x = [4, 8, 2, 6] and the impulse are ours.")
                .note("The index t-k+1 makes this TRUE convolution (the kernel runs backwards over x), as np.convolve;"
                        + " a correlation would need the reversed kernel [1/4, 1/2, 1].")
                .run(b -> {
                    Kernel1d k = Kernel1d.of(b.x("w"));
                    Tensor x = b.x("x (derived)");
                    Tensor y = k.convolve(x);
                    float[] v = x.buffer();
                    // y_t = x_t + x_{t-1}/2 + x_{t-2}/4 for t = 3, 4 (1-based), straight from the slide's formula
                    Tensor formula = Tensor.of(v[2] + v[1] / 2.0 + v[0] / 4.0, v[3] + v[2] / 2.0 + v[1] / 4.0);
                    Tensor impulse = k.wide().convolve(b.x("impulse (derived)"));
                    return outcome(y, k.explainConvolve(x, 0),
                            Check.derived("y = w * x (narrow)", formula, y),
                            Check.derived("impulse response (wide)", Tensor.of(1, 0.5, 0.25, 0, 0, 0), impulse));
                });
    }

    private static Example l03() {
        return ex("L03", "1D true convolution with the filter [-1, 0, 1]: narrow, stride 2, zero padding 1")
                .section("卷积运算 一维卷积", "86, 88, 90, 93")
                .in("w", Tensor.of(-1, 0, 1)).in("x (reconstructed)", Tensor.of(1, 1, 2, -1, 1, -3, 1))
                .call("Kernel1d.of(-1, 0, 1).convolve(x)                       // narrow\n"
                        + "Kernel1d.of(-1, 0, 1).stride(2).convolve(x)             // (a) S = 2\n"
                        + "Kernel1d.of(-1, 0, 1).padding(1).convolve(x)            // (b) P = 1")
                .stated("figure lost; only the filter [-1, 0, 1] survives in the text")
                .note("FIGURE LOST: x = [1, 1, 2, -1, 1, -3, 1] is a reconstruction (the figure of the NNDL book"
                        + " these slides follow); low confidence, so these checks are DERIVED.")
                .note("True convolution with w = (w1, w2, w3) = (-1, 0, 1) is y_t = -x_t + x_{t-2}: [-1, 2, 1, 2, 0];"
                        + " plain correlation with [-1, 0, 1] gives the negation.")
                .run(b -> {
                    Kernel1d k = Kernel1d.of(b.x("w"));
                    Tensor x = b.x("x (reconstructed)");
                    Tensor narrow = k.convolve(x);
                    return outcome(narrow, k.explainConvolve(x, 0),
                            Check.derived("narrow", Tensor.of(-1, 2, 1, 2, 0), narrow),
                            Check.derived("correlate = -convolve here", Tensor.of(1, -2, -1, -2, 0), k.correlate(x)),
                            Check.derived("(a) stride 2", Tensor.of(-1, 1, 0), k.stride(2).convolve(x)),
                            Check.derived("(b) padding 1", Tensor.of(-1, -1, 2, 1, 2, 0, -3), k.padding(1).convolve(x)));
                });
    }

    private static Example l04() {
        return ex("L04", "1D filters: moving average (low-pass) and second difference (high-pass)")
                .section("卷积运算 一维卷积 (不同的滤波器提取不同特征)", "106-119")
                .in("w_lowpass", Tensor.parse("1/3 1/3 1/3")).in("w_highpass", Tensor.of(1, -2, 1))
                .in("u^2 (derived)", Tensor.of(0, 1, 4, 9, 16, 25)).in("u^3 (derived)", Tensor.of(0, 1, 8, 27, 64))
                .in("alternating (derived)", Tensor.of(1, -1, 1, -1, 1, -1))
                .call("Kernel1d.of(1, -2, 1).convolve(u2)        // second difference of u^2: 2 everywhere\n"
                        + "Kernel1d.of(1/3., 1/3., 1/3.).convolve(x)  // moving average")
                .stated("qualitative: [1/3, 1/3, 1/3] keeps low frequencies, [1, -2, 1] high ones;"
                        + " y''(u) = y(u+1) + y(u-1) - 2y(u)")
                .note("DERIVED: the 1D signal plots are lost; the checks test the stated claims exactly.")
                .note("Both kernels are symmetric, so convolution and correlation agree.")
                .run(b -> {
                    Kernel1d high = Kernel1d.of(b.x("w_highpass")), low = Kernel1d.of(b.x("w_lowpass"));
                    Tensor u2 = b.x("u^2 (derived)");
                    Tensor d2 = high.convolve(u2);
                    return outcome(d2, high.explainConvolve(u2, 0),
                            Check.derived("[1,-2,1] on u^2 (second derivative 2)", Tensor.of(2, 2, 2, 2), d2),
                            Check.derived("[1,-2,1] on u^3 at u=1,2,3 (6u)", Tensor.of(6, 12, 18), high.convolve(b.x("u^3 (derived)"))),
                            Check.derived("[1,-2,1] on a constant", Tensor.of(0, 0, 0), high.convolve(Tensor.full(7, 5))),
                            Check.derived("average of a ramp 0..5 keeps it", Tensor.of(1, 2, 3, 4), low.convolve(Tensor.arange(6))),
                            Check.derived("average damps +1/-1 to 1/3", Tensor.parse("1/3 -1/3 1/3 -1/3"), low.convolve(b.x("alternating (derived)"))),
                            Check.derived("[1,-2,1] keeps +1/-1 at 4x", Tensor.of(4, -4, 4, -4), high.convolve(b.x("alternating (derived)"))));
                });
    }

    private static Example l05() {
        return ex("L05", "1D output lengths: narrow M-F+1, wide M+F-1, same M")
                .section("卷积运算 一维卷积 (步长S 零填充P, 窄/宽/等宽卷积)", "126-143")
                .in("M", 7).in("F", 3)
                .call("Kernel1d.of(1, 1, 1).narrow().outputLength(7)   // also .wide(), .same(), .stride(2).padding(1)")
                .stated("narrow M-F+1, wide M+F-1, same M (stride 1; P = 0, F-1, (F-1)/2)")
                .note("NOTATION: the slide introduces the stride as S but its three bullets write T; same quantity.")
                .note("Same convolution pads P = (F-1)/2, so it needs an odd F; ConvKit rejects an even one with that formula.")
                .note("The formulas are stated; the numbers are the formulas at M = 7, F = 3.")
                .run(b -> {
                    Kernel1d k = Kernel1d.of(1, 1, 1);
                    Tensor x = Tensor.arange(7);
                    int narrow = k.narrow().convolve(x).size(), wide = k.wide().convolve(x).size(), same = k.same().convolve(x).size();
                    String evenSame;
                    try {
                        Kernel1d.of(1, 1, 1, 1).same().convolve(x);
                        evenSame = "accepted";
                    } catch (ShapeException e) {
                        evenSame = "rejected";
                    }
                    return outcome("narrow " + narrow + ", wide " + wide + ", same " + same, null,
                            Check.lecture("narrow M-F+1 = 7-3+1", 5, narrow),
                            Check.lecture("wide M+F-1 = 7+3-1", 9, wide),
                            Check.lecture("same M", 7, same),
                            Check.derived("(7 - 3 + 2*1)/2 + 1 with S=2, P=1", 4, k.stride(2).padding(1).outputLength(7)),
                            Check.derived("same with even F=4", "rejected", evenSame));
                });
    }

    // ---------------------------------------------------------------- §6.1 2D convolution

    private static final String L06_X = "1 1 1 1 1\n-1 0 -3 0 1\n2 1 1 -1 0\n0 -1 1 2 1\n1 2 1 1 1";
    private static final String L06_W = "1 0 0\n0 0 0\n0 0 -1";

    private static Example l06() {
        return ex("L06", "2D true convolution, valid: output shape (M-U+1) x (N-V+1)")
                .section("卷积运算 二维卷积 (定义)", "152, 154, 156, 427")
                .in("X", t(L06_X)).in("W", t(L06_W))
                .call("Kernel2d.of(W).convolve(X)")
                .stated("y_ij = sum_u sum_v w_uv x_{i-u+1, j-v+1}, output (M-U+1) x (N-V+1) = 3 x 3")
                .note("The slide's indices are 1-based and its output starts at (i, j) = (U, V); ConvKit stores that cell at [0][0].")
                .run(b -> {
                    Tensor x = b.x("X"), w = b.x("W");
                    Tensor y = Kernel2d.of(w).convolve(x);
                    return outcome(y, Kernel2d.of(w).explainConvolve(x, 0, 0),
                            Check.lecture("output shape", Shape.of(3, 3), y.shape()),
                            Check.derived("literal 1-based formula", literalConvolution(x, w), y));
                });
    }

    /** The slide's definition word for word: y_ij = sum_u sum_v w_uv x_{i-u+1, j-v+1}, 1-based, for i = U..M, j = V..N. */
    private static Tensor literalConvolution(Tensor x, Tensor w) {
        int m = x.dim(0), n = x.dim(1), uu = w.dim(0), vv = w.dim(1);
        Tensor y = Tensor.zeros(m - uu + 1, n - vv + 1);
        for (int i = uu; i <= m; i++)
            for (int j = vv; j <= n; j++) {
                double s = 0;
                for (int u = 1; u <= uu; u++)
                    for (int v = 1; v <= vv; v++) s += w.get(u - 1, v - 1) * x.get(i - u + 1 - 1, j - v + 1 - 1);
                y.set(s, i - uu, j - vv);
            }
        return y;
    }

    private static Example l07() {
        return ex("L07", "2D TRUE convolution (kernel flipped), valid, stride 1")
                .section("卷积运算 二维卷积 (Y = W * X)", "164-186")
                .in("X", t(L06_X)).in("W", t(L06_W))
                .call("Kernel2d.of(W).convolve(X)")
                .stated("[[0, -2, -1], [2, 2, 4], [-1, 0, 0]]; highlighted cell y[0][2] = -1")
                .note("This is TRUE convolution: y[i][j] = x[i+2][j+2] - x[i][j]; correlation gives the exact negation.")
                .note("The highlighted cell: window rows 0-2, columns 2-4 times rot180(W) = [[-1,0,0],[0,0,0],[0,0,1]] gives -1*1 + 1*0 = -1."
                        + " The slide's annotation of the multipliers is slightly garbled; the number is right.")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("W"));
                    Tensor y = k.convolve(x);
                    return outcome(y, k.explainConvolve(x, 0, 2),
                            Check.lecture("Y", t("0 -2 -1\n2 2 4\n-1 0 0"), y),
                            Check.lecture("y[0][2]", -1.0, (double) y.get(0, 2)),
                            Check.derived("correlation is the negation", t("0 2 1\n-2 -2 -4\n1 0 0"), k.correlate(x)));
                });
    }

    private static final String L08_X = "1 1 1 0 0\n0 1 1 1 0\n0 0 1 1 1\n0 0 1 1 0\n0 1 1 0 0";
    private static final String X_CROSS = "1 0 1\n0 1 0\n1 0 1";

    private static Example l08() {
        return ex("L08", "2D correlation on a binary image (the sliding-window animation)")
                .section("卷积运算 二维卷积 (Image / Convolved Feature)", "194-204")
                .in("X", t(L08_X)).in("W", t(X_CROSS))
                .call("Kernel2d.of(W).correlate(X)")
                .stated("y[0][0] = 4 (the first window of the animation)")
                .note("W is symmetric under a 180 degree rotation, so convolution and correlation agree here.")
                .note("The whole 3x3 output [[4, 3, 4], [2, 4, 3], [2, 3, 4]] is the animation's final frame (derived).")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("W"));
                    Tensor y = k.correlate(x);
                    return outcome(y, k.explain(x, 0, 0),
                            Check.lecture("y[0][0]", 4.0, (double) y.get(0, 0)),
                            Check.derived("whole output", t("4 3 4\n2 4 3\n2 3 4"), y),
                            Check.derived("convolve == correlate", y, k.convolve(x)));
                });
    }

    private static final String L09_X = "18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78";

    private static Example l09() {
        return ex("L09", "2D correlation, valid, stride 1, no padding (INPUT IMAGE / WEIGHT)")
                .section("卷积运算 二维卷积 (INPUT IMAGE / WEIGHT)", "207-219")
                .in("X", t(L09_X)).in("W", t(X_CROSS))
                .call("Kernel2d.of(W).correlate(X)")
                .stated("429 (the top-left window)")
                .note("429 is the top-left valid window, and no other window gives 429. W is rot180-symmetric.")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("W"));
                    Tensor y = k.correlate(x);
                    return outcome(y, k.explain(x, 0, 0),
                            Check.lecture("y[0][0]", 429.0, (double) y.get(0, 0)),
                            Check.derived("whole output: x[i][j] + x[i][j+2] + x[i+1][j+1] + x[i+2][j] + x[i+2][j+2]", crossSum(x), y));
                });
    }

    /** W = [[1,0,1],[0,1,0],[1,0,1]] picks the four corners and the centre of each 3x3 window. */
    private static Tensor crossSum(Tensor x) {
        Tensor y = Tensor.zeros(x.dim(0) - 2, x.dim(1) - 2);
        for (int i = 0; i < y.dim(0); i++)
            for (int j = 0; j < y.dim(1); j++)
                y.set(x.get(i, j) + x.get(i, j + 2) + x.get(i + 1, j + 1) + x.get(i + 2, j) + x.get(i + 2, j + 2), i, j);
        return y;
    }

    private static final String L10_X = "18 54 51 239 244 188\n55 121 75 78 95 88\n35 24 204 113 109 221\n"
            + "3 154 104 235 25 130\n15 253 225 159 78 233\n68 85 180 214 245 0";

    private static Example l10() {
        return ex("L10", "2D correlation with zero padding P = 1, stride 1 (same size)")
                .section("卷积运算 二维卷积 (zero-padded grid)", "221-235")
                .in("X", t(L10_X)).in("W", t(X_CROSS))
                .call("Kernel2d.of(W).padding(1).correlate(X)     // or .same()")
                .stated("139 (the top-left window of the zero-padded 8x8 grid)")
                .note("The slide's 8x8 grid is the 6x6 image with a one-pixel zero border; its top-left 5x5 is L09's image.")
                .note("139 = centre 18 + bottom-right 121; the padded zeros fill the other three corners.")
                .note("DOUBTFUL CELL: the last pixel X[5][5] reads 0 and may have been lost when the slide was copied. It only reaches outputs (4, 4)"
                        + " and (5, 5), so those two cells are not checked against anything the lecture says.")
                .note("Consistency: y[1][1] of the padded output is L09's 429.")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("W")).padding(1);
                    Tensor y = k.correlate(x);
                    return outcome(y, k.explain(x, 0, 0),
                            Check.lecture("y[0][0]", 139.0, (double) y.get(0, 0)),
                            Check.lecture("y[1][1] (L09's 429)", 429.0, (double) y.get(1, 1)),
                            Check.derived("output shape (6 - 3 + 2)/1 + 1", Shape.of(6, 6), y.shape()));
                });
    }

    private static Example l11() {
        return ex("L11", "2D mean filter: every weight 1/(U*V)")
                .section("卷积运算 二维卷积 (均值滤波)", "243")
                .in("U", 3).in("V", 3).in("X (L09's image)", t(L09_X))
                .call("Filters.mean(3).correlate(X)")
                .stated("w_uv = 1/W (garbled: means 1/(U*V), 1/9 for 3x3)")
                .note("GARBLED: W already names the filter matrix. The weight is one over the number of weights,"
                        + " 1/(U*V) = 1/9 here, as the NNDL book these slides follow writes it. ConvKit uses 1/(U*V).")
                .note("DERIVED: the slide computes no number; the checks use L09's image.")
                .run(b -> {
                    Kernel2d mean = Filters.mean(3);
                    Tensor x = b.x("X (L09's image)");
                    Tensor y = mean.correlate(x);
                    return outcome(y, mean.explain(x, 1, 1),
                            Check.derived("every weight 1/(3*3)", Tensor.full(1.0 / 9, 3, 3), mean.weights()),
                            Check.derived("y[1][1] = mean of X[0..2][0..2] = 637/9", 637.0 / 9, (double) y.get(1, 1)),
                            Check.derived("mean of a constant image", Tensor.full(5, 3, 3), Filters.mean(3).narrow().correlate(Tensor.full(5, 5, 5))));
                });
    }

    private static Example l12() {
        return ex("L12", "an image is a grid of numbers: the 20x20 'what computers see' grid")
                .section("卷积运算 二维卷积 (What We See / What Computers See) and 6.4", "248-273, 647-671")
                .in("grid (Project Euler 11, canonical)", eulerGrid())
                .in("slide grid 1 (printed in 6.1)", slideGrid(1)).in("slide grid 2 (printed in 6.4)", slideGrid(2))
                .call("Lecture.eulerGrid()     // and Lecture.slideGrid(1), Lecture.slideGrid(2), Lecture.differingCells(a, b)")
                .stated("two 20x20 grids that should show the same picture (no computation)")
                .note("The numbers are the Project Euler problem 11 grid; it is the canonical version here, confirmed by its"
                        + " published answer 70600674 (largest product of four adjacent numbers).")
                .note("The two slide grids differ from each other in 24 cells; grid 1 differs from the canonical grid in 18 cells,"
                        + " grid 2 in 7; cell (2, 18) reads 56, 34 and 36 (canonical). The lists are in the result below.")
                .note("Not a convolution example: notebooks use it as a picture of numbers.")
                .run(b -> {
                    Tensor ref = eulerGrid(), g1 = slideGrid(1), g2 = slideGrid(2);
                    List<List<Integer>> d12 = differingCells(g1, g2), d1 = differingCells(g1, ref), d2 = differingCells(g2, ref);
                    String result = "grid 1 vs canonical, " + d1.size() + " cells: " + cells(g1, ref, d1)
                            + "\ngrid 2 vs canonical, " + d2.size() + " cells: " + cells(g2, ref, d2);
                    return outcome(result, null,
                            Check.derived("cells where the slide grids differ", 24, d12.size()),
                            Check.derived("cells where grid 1 differs from the canonical grid", 18, d1.size()),
                            Check.derived("cells where grid 2 differs from the canonical grid", 7, d2.size()),
                            Check.derived("Project Euler 11 answer on the canonical grid", 70600674L, maxProductOfFour(ref)));
                });
    }

    private static String cells(Tensor slide, Tensor ref, List<List<Integer>> where) {
        StringBuilder sb = new StringBuilder();
        for (List<Integer> c : where) {
            int i = c.get(0), j = c.get(1);
            sb.append(sb.length() == 0 ? "" : ", ").append("(").append(i).append(",").append(j).append(") ")
                    .append((int) slide.get(i, j)).append(" not ").append((int) ref.get(i, j));
        }
        return sb.toString();
    }

    private static Example l13() {
        return ex("L13", "image filters: Gaussian, Laplacian and a diagonal edge kernel (image * filter = feature map)")
                .section("卷积运算 二维卷积 (特征映射 / 常用滤波器)", "278-300")
                .in("gaussian", t("1/16 1/8 1/16\n1/8 1/4 1/8\n1/16 1/8 1/16"))
                .in("laplacian", t("0 1 0\n1 -4 1\n0 1 0")).in("edge", t("0 1 1\n-1 0 1\n-1 -1 0"))
                .in("impulse (derived)", t("0 0 0\n0 1 0\n0 0 0"))
                .call("Filters.gaussian3x3().correlate(img)   // Filters.laplacian(), Filters.diagonalEdge()")
                .stated("qualitative: the Gaussian smooths and denoises, the other two extract edges (the image is lost)")
                .note("LAYOUT: the '*' printed between the Laplacian and the edge kernel belongs to the slide's row"
                        + " 'image * filter = feature map'; it is not Laplacian * edge.")
                .note("rot180(edge) = -edge, so true convolution gives exactly the negative of correlation: a good flip test.")
                .note("Impulse test: convolving a centred impulse returns the kernel itself; correlating returns rot180(kernel).")
                .note("DERIVED only: the original image and its feature maps are lost (notebooks use a real picture).")
                .run(b -> {
                    Kernel2d edge = Filters.diagonalEdge();
                    Tensor impulse = b.x("impulse (derived)");
                    Tensor img = Tensor.rand(Shape.of(6, 6), 13);
                    return outcome(edge.convolve(impulse), edge.explainConvolve(impulse, 0, 1),
                            Check.derived("Filters.gaussian3x3() = the slide's kernel", b.x("gaussian"), Filters.gaussian3x3().weights()),
                            Check.derived("Filters.laplacian() = the slide's kernel", b.x("laplacian"), Filters.laplacian().weights()),
                            Check.derived("Filters.diagonalEdge() = the slide's kernel", b.x("edge"), edge.weights()),
                            Check.derived("Gaussian weights sum to 1", 1.0, Filters.gaussian3x3().weights().sum()),
                            Check.derived("Laplacian weights sum to 0", 0.0, Filters.laplacian().weights().sum()),
                            Check.derived("edge: convolve = -correlate (random image)", edge.correlate(img).scale(-1), edge.convolve(img)),
                            Check.derived("edge: convolve(impulse) = kernel", b.x("edge"), edge.convolve(impulse)),
                            Check.derived("edge: correlate(impulse) = rot180(kernel)", Conv.rot180(b.x("edge")), edge.correlate(impulse)),
                            Check.derived("Gaussian of a constant (away from the border)", 3.0,
                                    (double) Filters.gaussian3x3().correlate(Tensor.full(3, 5, 5)).get(2, 2)));
                });
    }

    private static Example l14() {
        return ex("L14", "2D output size W2 = (W1 - F + 2P)/S + 1 (the stride/padding animations)")
                .section("卷积运算 二维卷积 (步长/零填充动画 + W2 公式)", "316-338")
                .in("F", 3)
                .call("Kernel2d.of(Tensor.ones(3, 3)).stride(2).padding(1).outputShape(5, 5)")
                .stated("W2 = (W1 - F + 2P)/S + 1, H2 = (H1 - F + 2P)/S + 1 (the four animations are lost)")
                .note("The animation sizes (4x4 / 5x5 / 5x5 / 5x5 input, 3x3 kernel) are those of the standard conv_arithmetic"
                        + " GIFs such captions accompany: an inference, so DERIVED.")
                .run(b -> {
                    Kernel2d k = Kernel2d.of(Tensor.ones(3, 3));
                    return outcome(k.stride(2).padding(1).outputShape(5, 5), null,
                            Check.derived("stride 1, padding 0 on 4x4", Shape.of(2, 2), k.outputShape(4, 4)),
                            Check.derived("stride 2, padding 0 on 5x5", Shape.of(2, 2), k.stride(2).outputShape(5, 5)),
                            Check.derived("stride 1, padding 1 on 5x5", Shape.of(5, 5), k.padding(1).outputShape(5, 5)),
                            Check.derived("stride 2, padding 1 on 5x5", Shape.of(3, 3), k.stride(2).padding(1).outputShape(5, 5)),
                            Check.derived("OutputSize = the formula at W1=5, F=3, P=1, S=2", (5 - 3 + 2) / 2 + 1,
                                    OutputSize.input(5).kernel(3).stride(2).padding(1).length()));
                });
    }

    private static final String L15_X = "2 10 8\n5 15 20\n6 11 9";
    private static final String L15_K = "1 8\n-5 6";

    private static Example l15() {
        return ex("L15", "2D cross-correlation (互相关, no flip), valid, stride 1")
                .section("互相关 vs 卷积 (协相关)", "355-376")
                .in("X", t(L15_X)).in("K", t(L15_K))
                .call("Kernel2d.parse(\"1 8\\n-5 6\").correlate(X)")
                .stated("[[147, 119], [161, 174]]")
                .note("Correct. The slide's 协相关 is its name for 互相关, cross-correlation.")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("K"));
                    Tensor y = k.correlate(x);
                    return outcome(y, k.explain(x, 0, 0), Check.lecture("Y", t("147 119\n161 174"), y));
                });
    }

    private static Example l16() {
        return ex("L16", "2D TRUE convolution (卷积) = correlation with the kernel rotated 180 degrees")
                .section("互相关 vs 卷积 (卷积: 把核先反转180, 再作协相关)", "385-405")
                .in("X", t(L15_X)).in("K", t(L15_K))
                .call("Kernel2d.parse(\"1 8\\n-5 6\").convolve(X)    // == K.rot180().correlate(X)")
                .stated("rot180(K) = [[6, -5], [8, 1]]; Y = [[17, 160], [14, 87]]")
                .note("Correct, both the rotated kernel and the result.")
                .note("NOTATION: this slide writes a star for true convolution and a circled times for correlation;"
                        + " elsewhere in signal processing the star often means correlation. Trust the words, not the symbol.")
                .run(b -> {
                    Tensor x = b.x("X");
                    Kernel2d k = Kernel2d.of(b.x("K"));
                    Tensor y = k.convolve(x);
                    return outcome(y, k.explainConvolve(x, 0, 0),
                            Check.lecture("rot180(K)", t("6 -5\n8 1"), k.rot180().weights()),
                            Check.lecture("Y", t("17 160\n14 87"), y),
                            Check.derived("convolve == rot180 then correlate", y, k.rot180().correlate(x)));
                });
    }

    // ---------------------------------------------------------------- §6.2 motivation: counts

    private static Example l17() {
        return ex("L17", "connections: fully connected M_l * M_{l-1} vs locally connected M_l * K")
                .section("卷积的动机 (局部连接)", "439, 447")
                .in("M_l", 1_000_000L).in("M_{l-1}", 1_000_000L).in("K", 100L)
                .call("Counts.fullyConnected(1_000_000, 1_000_000)  // Counts.locallyConnected(1_000_000, 100)")
                .stated("dense M_l * M_{l-1}; local M_l * K (formulas)")
                .note("The numbers plugged in are L18's (1000x1000 image, 10^6 hidden units, 10x10 field): derived.")
                .run(b -> {
                    long dense = Counts.fullyConnected(1_000_000L, 1_000_000L), local = Counts.locallyConnected(1_000_000L, 100L);
                    return outcome("dense " + dense + ", local " + local, null,
                            Check.derived("dense 10^6 * 10^6", 1_000_000_000_000L, dense),
                            Check.derived("local 10^6 * 100", 100_000_000L, local));
                });
    }

    private static Example l18() {
        return ex("L18", "parameters on a 1000x1000 image: fully vs locally connected (no bias, no sharing)")
                .section("卷积的动机 (1000x1000 图像)", "458-482")
                .in("image (H, W)", List.of(1000, 1000)).in("hidden units", 1_000_000L).in("receptive field (U, V)", List.of(10, 10))
                .call("Counts.fullyConnected(1000 * 1000, 1_000_000)   // Counts.locallyConnected(1_000_000, 10 * 10)")
                .stated("fully connected 10^12, locally connected 10^8 (一亿), four orders of magnitude fewer")
                .note("Correct. The counts leave out biases.")
                .run(b -> {
                    long full = Counts.fullyConnected(1000L * 1000, 1_000_000L), local = Counts.locallyConnected(1_000_000L, 10 * 10);
                    return outcome("fully connected " + full + ", locally connected " + local, null,
                            Check.lecture("fully connected", 1_000_000_000_000L, full),
                            Check.lecture("locally connected", 100_000_000L, local),
                            Check.lecture("orders of magnitude saved", 4L, Math.round(Math.log10((double) full / local))));
                });
    }

    private static Example l19() {
        return ex("L19", "weight sharing: parameters of 10x10 filters (no bias)")
                .section("卷积的动机 (权值共享)", "492-514")
                .in("kernel (U, V)", List.of(10, 10)).in("filters", 100L)
                .call("Counts.sharedWeights(10 * 10, 100)")
                .stated("100 per filter (and for a one-filter layer); 10000 for 100 filters")
                .note("Correct as stated (weights only). With one bias per filter it would be 10100; the lecture counts"
                        + " biases later, in L29.")
                .run(b -> {
                    long one = Counts.sharedWeights(100, 1), hundred = Counts.sharedWeights(100, 100);
                    return outcome(hundred, null,
                            Check.lecture("one filter", 100L, one),
                            Check.lecture("100 filters", 10_000L, hundred),
                            Check.derived("100 filters with biases (F*F*D1)*K + K, D1=1", 10_100L, Counts.convParameters(10, 1, 100)));
                });
    }

    // ---------------------------------------------------------------- §6.3 pooling

    private static Example l20() {
        return ex("L20", "2D max pooling, 2x2 windows, stride 2")
                .section("池化 (输入特征映射 X^d -> 输出特征映射 Y^d)", "580-603")
                .in("X", t("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1"))
                .call("Pool.max(2).apply(X)     // the stride defaults to the window")
                .stated("[[1, 2], [0, 3]]")
                .note("The slide prints no window or stride; 2x2 with stride 2 is the setting that gives this 2x2 output"
                        + " (3x3 with stride 1 would give [[2, 3], [1, 3]]).")
                .run(b -> {
                    Tensor x = b.x("X");
                    Tensor y = Pool.max(2).apply(x);
                    return outcome(y, null,
                            Check.lecture("Y", t("1 2\n0 3"), y),
                            Check.derived("3x3 windows, stride 1 instead", t("2 3\n1 3"), Pool.max(3).stride(1).apply(x)),
                            Check.derived("average pooling 2x2", t("0.75 1.25\n0 1.5"), Pool.avg(2).apply(x)));
                });
    }

    private static Example l21() {
        return ex("L21", "pooling a whole region: mean and max (and why max ignores small changes)")
                .section("池化 (平均池化 / 最大池化 说明)", "610, 616")
                .in("mean_in", Tensor.of(2, 10)).in("max_in", Tensor.of(1, 5, 3)).in("max_in_perturbed", Tensor.of(1.5, 5, 3))
                .call("Pool.globalAvg(Tensor.of(2, 10))    // Pool.globalMax(Tensor.of(1, 5, 3))")
                .stated("mean 6, max 5, max after changing 1 to 1.5 still 5")
                .run(b -> {
                    double mean = Pool.globalAvg(b.x("mean_in")).get(0);
                    double max = Pool.globalMax(b.x("max_in")).get(0), max2 = Pool.globalMax(b.x("max_in_perturbed")).get(0);
                    return outcome("mean " + Check.num(mean) + ", max " + Check.num(max) + ", perturbed max " + Check.num(max2), null,
                            Check.lecture("mean of [2, 10]", 6.0, mean),
                            Check.lecture("max of [1, 5, 3]", 5.0, max),
                            Check.lecture("max of [1.5, 5, 3]", 5.0, max2));
                });
    }

    // ---------------------------------------------------------------- §6.4 CNN layers

    private static Example l22() {
        return ex("L22", "flattening an image (row-major) loses its neighbourhoods")
                .section("6.4 (图像的简单数据化无法保留图像特征)", "696-718")
                .in("img1", t("1 0\n0 0")).in("img2", t("0 0\n0 1")).in("shape (H, W, C)", List.of(32, 32, 3))
                .call("img1.reshape(4)     // Shape.of(32, 32, 3).size()")
                .stated("img1 -> [1, 0, 0, 0], img2 -> [0, 0, 0, 1]; a 32x32x3 image flattens to 3072 numbers")
                .note("Row-major and column-major flattening agree for these two images.")
                .note("'差异很大' is qualitative; derived: the two vectors are orthogonal (dot 0) at distance sqrt(2).")
                .run(b -> {
                    Tensor f1 = b.x("img1").reshape(4), f2 = b.x("img2").reshape(4);
                    return outcome(f1, null,
                            Check.lecture("flat img1", Tensor.of(1, 0, 0, 0), f1),
                            Check.lecture("flat img2", Tensor.of(0, 0, 0, 1), f2),
                            Check.lecture("32*32*3 flattened", 3072, Shape.of(32, 32, 3).size()),
                            Check.derived("dot(flat1, flat2)", 0.0, f1.dot(f2)),
                            Check.derived("distance", Math.sqrt(2), Math.sqrt(f1.sub(f2).dot(f1.sub(f2)))));
                });
    }

    private static Example l23() {
        return ex("L23", "kernels as pattern detectors: '\\' diagonal, 'X' and '/' anti-diagonal")
                .section("6.4 卷积层——提取特征 (卷积核是什么？)", "780-795")
                .in("K1 (\\)", t("1 -1 -1\n-1 1 -1\n-1 -1 1")).in("K2 (X)", t("1 -1 1\n-1 1 -1\n1 -1 1"))
                .in("K3 (/)", t("-1 -1 1\n-1 1 -1\n1 -1 -1"))
                .call("Kernel2d.of(K1).correlate(K1)     // a kernel on a picture of its own pattern: 9")
                .stated("kernels only (no computation in the text)")
                .note("DERIVED: a 3x3 kernel correlated with a 3x3 picture is their dot product: 9 for a perfect match,"
                        + " 5 for K1 on K2 and K2 on K3, 1 for K1 on K3. All three are rot180-symmetric.")
                .run(b -> {
                    Tensor k1 = b.x("K1 (\\)"), k2 = b.x("K2 (X)"), k3 = b.x("K3 (/)");
                    Tensor self = Kernel2d.of(k1).correlate(k1);
                    return outcome(self, Kernel2d.of(k1).explain(k2, 0, 0),
                            Check.derived("K1 on K1", 9.0, (double) self.get(0, 0)),
                            Check.derived("K1 on K2", 5.0, (double) Kernel2d.of(k1).correlate(k2).get(0, 0)),
                            Check.derived("K2 on K3", 5.0, (double) Kernel2d.of(k2).correlate(k3).get(0, 0)),
                            Check.derived("K1 on K3", 1.0, (double) Kernel2d.of(k1).correlate(k3).get(0, 0)),
                            Check.derived("rot180(K2) = K2", k2, Conv.rot180(k2)));
                });
    }

    private static Example l24() {
        return ex("L24", "one window: a 7x7 curve filter on two receptive fields (multiply and sum)")
                .section("6.4 卷积层 (Pixel representation of the receptive field / filter)", "811-840")
                .in("receptive field 1", t("0 0 0 0 0 0 30\n0 0 0 0 50 50 50\n0 0 0 20 50 0 0\n0 0 0 50 50 0 0\n"
                        + "0 0 0 50 50 0 0\n0 0 0 50 50 0 0\n0 0 0 50 50 0 0"))
                .in("receptive field 2", t("0 0 0 0 0 0 0\n0 40 0 0 0 0 0\n40 0 40 0 0 0 0\n40 20 0 0 0 0 0\n"
                        + "0 50 0 0 0 0 0\n0 0 50 0 0 0 0\n25 25 0 50 0 0 0"))
                .in("filter", t("0 0 0 0 0 30 0\n0 0 0 0 30 0 0\n0 0 0 30 0 0 0\n0 0 0 30 0 0 0\n"
                        + "0 0 0 30 0 0 0\n0 0 0 30 0 0 0\n0 0 0 0 0 0 0"))
                .call("Kernel2d.of(filter).correlate(receptiveField1)")
                .stated("6600 on the curve-like field, 0 on the other")
                .note("Correct: 4*(50*30) + 20*30 = 6600; the 30 at (0,6) of the field and the filter's 30 at (0,5) do not meet.")
                .note("This is CORRELATION. With the kernel flipped the numbers would be 3600 and 2250, and 'similar gives a big"
                        + " response' would no longer hold.")
                .run(b -> {
                    Kernel2d k = Kernel2d.of(b.x("filter"));
                    Tensor y1 = k.correlate(b.x("receptive field 1")), y2 = k.correlate(b.x("receptive field 2"));
                    return outcome(y1, k.explain(b.x("receptive field 1"), 0, 0),
                            Check.lecture("field 1", 6600.0, (double) y1.get(0, 0)),
                            Check.lecture("field 2", 0.0, (double) y2.get(0, 0)),
                            Check.derived("field 1 with a flipped kernel", 3600.0, (double) k.convolve(b.x("receptive field 1")).get(0, 0)),
                            Check.derived("field 2 with a flipped kernel", 2250.0, (double) k.convolve(b.x("receptive field 2")).get(0, 0)));
                });
    }

    private static Example l25() {
        return ex("L25", "output volume: 6 filters of 5x5x3 on 32x32x3, stride 1, no padding")
                .section("6.4 卷积结果：考虑多个滤波器", "722, 871-910")
                .in("input (H, W, C)", List.of(32, 32, 3)).in("K", 6).in("F", 5).in("S", 1).in("P", 0)
                .call("Conv.correlate2d(x /* (1, 3, 32, 32) */, w /* (6, 3, 5, 5) */, b, ConvSpec.DEFAULT).shape()")
                .stated("28 x 28 x 6")
                .note("The input size 32x32x3 and S=1, P=0 come from the lost figure; the text states '6 filters of 5x5' and 28x28x6.")
                .note("Each filter has depth 3, the input's depth. 456 parameters ((5*5*3)*6 + 6) is derived.")
                .run(b -> {
                    Tensor y = Conv.correlate2d(Tensor.rand(Shape.of(1, 3, 32, 32), 25), Tensor.randn(Shape.of(6, 3, 5, 5), 26), Tensor.zeros(6), ConvSpec.DEFAULT);
                    List<Integer> hwc = List.of(y.dim(2), y.dim(3), y.dim(1));
                    return outcome(y.shape(), null,
                            Check.lecture("output H x W x D", List.of(28, 28, 6), hwc),
                            Check.derived("parameters (5*5*3)*6 + 6", 456L, Counts.convParameters(5, 3, 6)));
                });
    }

    private static Example l26() {
        return ex("L26", "output size (N - F)/S + 1 on a 7x7 input with a 3x3 filter, strides 1, 2, 3")
                .section("6.4 输出大小 (N-F)/stride+1", "919-929")
                .in("N", 7).in("F", 3).in("strides", List.of(1, 2, 3))
                .call("OutputSize.input(7).kernel(3).stride(stride).length()     // S = 3 throws; .floor() gives 2")
                .stated("S=1: 5, S=2: 3, S=3: 2.33 (i.e. does not fit)")
                .note("2.33 is 7/3 printed to two decimals: the lecture's way of saying that stride 3 does not fit a 7x7 input.")
                .note("POLICY: ConvKit is strict by default and rejects S=3 with a ShapeException that shows"
                        + " (7 - 3 + 0)/3 + 1 = 2.33; Rounding.FLOOR (spec.floor()) is the explicit choice of PyTorch's 2.")
                .run(b -> {
                    int s1 = OutputSize.input(7).kernel(3).length();
                    int s2 = OutputSize.input(7).kernel(3).stride(2).length();
                    double exact = (7 - 3) / 3.0 + 1;
                    String message;
                    try {
                        OutputSize.input(7).kernel(3).stride(3).named("conv2d: output width").length();
                        message = "(accepted)";
                    } catch (ShapeException e) {
                        message = e.getMessage();
                    }
                    return outcome("S=3 under the strict policy:\n" + message, null,
                            Check.lecture("S=1", 5, s1),
                            Check.lecture("S=2", 3, s2),
                            Check.lectureApprox("S=3, (7-3)/3 + 1 to two decimals", 2.33, exact, 0.005),
                            Check.derived("S=3 strict: rejected, showing 2.33", true, message.contains("= 2.33")),
                            Check.derived("S=3 with Rounding.FLOOR", 2, OutputSize.input(7).kernel(3).stride(3).floor().length()));
                });
    }

    private static Example l27() {
        return ex("L27", "zero padding keeps the size: P = (F - 1)/2 at stride 1")
                .section("6.4 在实际中：常用零填充边框", "933-949")
                .in("N", 7).in("F", 3).in("S", 1).in("P", 1)
                .call("Kernel2d.of(Tensor.ones(3, 3)).padding(1).outputShape(7, 7)    // Padding.Mode.SAME.resolve(F, 1)")
                .stated("7x7 output; F=3 -> P=1, F=5 -> P=2, F=7 -> P=3")
                .note("The zero-border sketch next to it is a partial drawing of the padded 9x9 grid; nothing to compute.")
                .run(b -> outcome(Kernel2d.of(Tensor.ones(3, 3)).padding(1).outputShape(7, 7), null,
                        Check.lecture("output", Shape.of(7, 7), Kernel2d.of(Tensor.ones(3, 3)).padding(1).outputShape(7, 7)),
                        Check.lecture("same padding for F=3", 1, Padding.Mode.SAME.resolve(3, 1)),
                        Check.lecture("same padding for F=5", 2, Padding.Mode.SAME.resolve(5, 1)),
                        Check.lecture("same padding for F=7", 3, Padding.Mode.SAME.resolve(7, 1))));
    }

    private static Example l28() {
        return ex("L28", "output volume: 10 filters of 5x5 on 32x32x3, stride 1, padding 2")
                .section("6.4 样例 (输出大小)", "961-972")
                .in("input (H, W, C)", List.of(32, 32, 3)).in("K", 10).in("F", 5).in("S", 1).in("P", 2)
                .call("Conv.correlate2d(x /* (1, 3, 32, 32) */, w /* (10, 3, 5, 5) */, b, ConvSpec.padding(2)).shape()")
                .stated("32 x 32 x 10")
                .run(b -> {
                    Tensor y = Conv.correlate2d(Tensor.rand(Shape.of(1, 3, 32, 32), 28), Tensor.randn(Shape.of(10, 3, 5, 5), 29), Tensor.zeros(10), ConvSpec.padding(2));
                    return outcome(y.shape(), null,
                            Check.lecture("output H x W x D", List.of(32, 32, 10), List.of(y.dim(2), y.dim(3), y.dim(1))),
                            Check.derived("(32 - 5 + 2*2)/1 + 1", 32, OutputSize.input(32).kernel(5).padding(2).length()));
                });
    }

    private static Example l29() {
        return ex("L29", "parameters of that layer: (F*F*D1)*K + K")
                .section("6.4 样例 (参数数量)", "978-989")
                .in("F", 5).in("D1", 3).in("K", 10)
                .call("Counts.convParameters(5, 3, 10)")
                .stated("5*5*3 + 1 = 76 per filter, 76*10 = 760 in all")
                .run(b -> outcome(Counts.convParameters(5, 3, 10), null,
                        Check.lecture("per filter (with its bias)", 76L, Counts.weightsPerFilter(5, 3) + 1),
                        Check.lecture("total", 760L, Counts.convParameters(5, 3, 10))));
    }

    private static Example l30() {
        return ex("L30", "summary of a conv layer: W2, H2, D2 = K and (F*F*D1)*K + K; common settings")
                .section("6.4 Summary / 总结：给定一个卷积层", "997-1014")
                .in("W1", 32)
                .call("OutputSize.input(32).kernel(F).stride(S).padding(P).length()")
                .stated("W2 = (W1-F+2P)/S+1, H2 likewise, D2 = K, params (F*F*D1)*K + K;"
                        + " F=3,S=1,P=1 / F=5,S=1,P=2 / F=1,S=1,P=0 keep the size; F=5, S=2, P = whatever fits")
                .note("'F=5, S=2, P=?': for an even W1 such as 32 no whole P fits ((27 + 2P)/2 is never whole), for an odd W1"
                        + " such as 33 every P fits. ConvKit's strict policy rejects the even case; frameworks floor.")
                .note("'K = powers of 2, e.g. 32, 64, 128, 512' omits 256 (as its source does); no computation is affected.")
                .run(b -> {
                    int evenFits = 0, oddFits = 0;
                    for (int p = 0; p <= 4; p++) {
                        if (fits(32, 5, 2, p)) evenFits++;
                        if (fits(33, 5, 2, p)) oddFits++;
                    }
                    return outcome("F=5, S=2: whole sizes for P=0..4 on W1=32: " + evenFits + ", on W1=33: " + oddFits, null,
                            Check.lecture("F=3, S=1, P=1 keeps 32", 32, OutputSize.input(32).kernel(3).padding(1).length()),
                            Check.lecture("F=5, S=1, P=2 keeps 32", 32, OutputSize.input(32).kernel(5).padding(2).length()),
                            Check.lecture("F=1, S=1, P=0 keeps 32", 32, OutputSize.input(32).kernel(1).length()),
                            Check.derived("F=5, S=2 on W1=32: P in 0..4 that fit", 0, evenFits),
                            Check.derived("F=5, S=2 on W1=33: P in 0..4 that fit", 5, oddFits),
                            Check.derived("D2 = K: 7 filters give 7 channels", 7,
                                    OutputSize.conv2d(Shape.of(1, 3, 8, 8), Shape.of(7, 3, 3, 3), ConvSpec.DEFAULT).dim(1)));
                });
    }

    private static boolean fits(int w1, int f, int s, int p) {
        try {
            OutputSize.input(w1).kernel(f).stride(s).padding(p).length();
            return true;
        } catch (ShapeException e) {
            return false;
        }
    }

    private static Example l31() {
        return ex("L31", "kernel depth equals input depth; a multi-channel convolution sums over channels")
                .section("6.4 卷积核的通道数 / 卷积核深度应该与输入一致", "871, 908, 910")
                .in("input (H, W, C)", List.of(32, 32, 3)).in("F", 5)
                .call("Conv.correlate2d(x /* (1, 3, 6, 6) */, w /* (1, 3, 3, 3) */, null, ConvSpec.DEFAULT)")
                .stated("a 5x5 filter on an RGB input has depth 3 (5x5x3)")
                .note("Structural rule: ConvKit rejects a channel mismatch with a ShapeException naming both depths.")
                .note("DERIVED: a 3-channel correlation equals the sum of the three per-channel 2D correlations.")
                .run(b -> {
                    Tensor x = Tensor.randn(Shape.of(1, 3, 6, 6), 31), w = Tensor.randn(Shape.of(1, 3, 3, 3), 32);
                    Tensor y = Conv.correlate2d(x, w, null, ConvSpec.DEFAULT);
                    Tensor sum = Tensor.zeros(4, 4);
                    for (int c = 0; c < 3; c++) sum.addi(Kernel2d.of(w.at(0).at(c)).correlate(x.at(0).at(c)));
                    String mismatch;
                    try {
                        OutputSize.conv2d(Shape.of(1, 3, 32, 32), Shape.of(6, 1, 5, 5), ConvSpec.DEFAULT);
                        mismatch = "accepted";
                    } catch (ShapeException e) {
                        mismatch = "rejected";
                    }
                    return outcome(y.reshape(4, 4), null,
                            Check.lecture("kernel depths C in 1..4 that a (1, 3, 32, 32) input accepts", List.of(3), acceptedDepths()),
                            Check.derived("5x5x1 filters on an RGB input", "rejected", mismatch),
                            Check.derived("3-channel = sum of per-channel correlations", sum, y.reshape(4, 4)));
                });
    }

    private static List<Integer> acceptedDepths() {
        List<Integer> ok = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
            try {
                OutputSize.conv2d(Shape.of(1, 3, 32, 32), Shape.of(6, c, 5, 5), ConvSpec.DEFAULT);
                ok.add(c);
            } catch (ShapeException e) {
                // a depth that does not match the input's 3 channels
            }
        }
        return ok;
    }

    // ---------------------------------------------------------------- L12 data

    private static final String EULER_11 = """
            08 02 22 97 38 15 00 40 00 75 04 05 07 78 52 12 50 77 91 08
            49 49 99 40 17 81 18 57 60 87 17 40 98 43 69 48 04 56 62 00
            81 49 31 73 55 79 14 29 93 71 40 67 53 88 30 03 49 13 36 65
            52 70 95 23 04 60 11 42 69 24 68 56 01 32 56 71 37 02 36 91
            22 31 16 71 51 67 63 89 41 92 36 54 22 40 40 28 66 33 13 80
            24 47 32 60 99 03 45 02 44 75 33 53 78 36 84 20 35 17 12 50
            32 98 81 28 64 23 67 10 26 38 40 67 59 54 70 66 18 38 64 70
            67 26 20 68 02 62 12 20 95 63 94 39 63 08 40 91 66 49 94 21
            24 55 58 05 66 73 99 26 97 17 78 78 96 83 14 88 34 89 63 72
            21 36 23 09 75 00 76 44 20 45 35 14 00 61 33 97 34 31 33 95
            78 17 53 28 22 75 31 67 15 94 03 80 04 62 16 14 09 53 56 92
            16 39 05 42 96 35 31 47 55 58 88 24 00 17 54 24 36 29 85 57
            86 56 00 48 35 71 89 07 05 44 44 37 44 60 21 58 51 54 17 58
            19 80 81 68 05 94 47 69 28 73 92 13 86 52 17 77 04 89 55 40
            04 52 08 83 97 35 99 16 07 97 57 32 16 26 26 79 33 27 98 66
            88 36 68 87 57 62 20 72 03 46 33 67 46 55 12 32 63 93 53 69
            04 42 16 73 38 25 39 11 24 94 72 18 08 46 29 32 40 62 76 36
            20 69 36 41 72 30 23 88 34 62 99 69 82 67 59 85 74 04 36 16
            20 73 35 29 78 31 90 01 74 31 49 71 48 86 81 16 23 57 05 54
            01 70 54 71 83 51 54 69 16 92 33 48 61 43 52 01 89 19 67 48
            """;

    private static final String SLIDE_GRID_1 = """
            08 02 22 97 38 15 00 40 00 75 04 05 07 78 52 12 50 77 91 08
            49 49 99 40 17 81 18 57 40 87 17 40 98 43 69 48 04 56 42 00
            81 49 31 73 55 79 14 29 93 71 40 67 53 88 30 03 49 13 56 65
            52 70 95 23 04 60 11 42 69 24 68 56 01 32 56 71 37 02 36 91
            22 31 16 71 51 67 43 89 41 92 36 54 22 40 40 28 66 33 13 80
            24 47 32 60 99 03 45 02 44 75 33 53 78 34 84 20 35 17 12 50
            32 98 81 28 64 23 67 10 26 38 40 67 59 54 70 66 18 38 64 70
            67 24 20 68 02 62 12 20 95 63 94 39 63 08 40 91 66 49 94 21
            24 53 58 08 66 73 99 28 97 17 78 78 96 83 14 88 34 89 43 72
            21 36 23 09 75 00 76 44 20 45 35 14 00 61 33 97 34 31 33 95
            78 17 53 28 22 75 31 67 15 94 03 80 04 62 16 14 09 53 56 92
            16 39 05 42 96 35 31 47 55 58 88 24 00 17 54 24 36 29 85 57
            86 36 00 48 35 71 89 07 05 44 44 37 44 60 21 58 51 54 17 58
            19 80 81 68 05 94 47 69 28 73 92 13 86 52 17 77 04 85 55 40
            04 52 08 82 97 35 99 16 07 97 57 32 16 26 26 79 33 27 98 66
            88 36 68 87 57 62 20 72 03 46 33 67 46 55 12 32 63 93 53 49
            04 42 16 73 38 25 39 11 24 94 72 18 08 46 29 32 40 62 76 36
            20 69 36 41 72 30 23 88 34 62 99 69 82 67 59 85 74 04 36 16
            20 73 35 29 78 31 90 01 74 31 49 71 48 86 81 16 23 97 05 54
            01 79 54 71 83 51 94 69 16 92 33 48 61 43 52 01 89 19 47 48
            """;

    private static final String SLIDE_GRID_2 = """
            08 02 22 97 38 15 00 40 00 75 04 05 07 78 52 12 50 77 91 08
            49 49 99 40 17 81 18 57 60 87 17 40 98 43 69 48 04 56 62 00
            81 49 31 73 55 79 14 29 93 71 40 67 53 88 30 03 49 13 34 65
            52 70 95 23 04 60 11 42 69 24 68 56 01 32 56 71 37 02 36 91
            22 31 16 71 51 67 63 89 41 92 36 54 22 40 40 28 66 33 13 80
            24 47 32 60 99 03 45 02 44 75 33 53 78 36 84 20 35 17 12 50
            32 98 81 28 64 23 67 10 26 38 40 67 59 54 70 66 18 38 64 70
            67 26 20 68 02 62 12 20 95 63 94 39 43 08 40 91 66 49 94 21
            24 55 58 05 66 73 99 26 97 17 78 78 96 83 14 88 34 89 63 72
            21 36 23 09 75 00 76 44 20 45 35 14 09 61 33 97 34 31 33 95
            78 17 53 28 22 75 31 67 15 94 03 80 04 62 16 14 09 53 56 92
            16 39 05 42 96 35 31 47 55 58 88 24 00 17 54 24 36 29 85 57
            86 56 00 48 35 71 89 07 05 44 44 37 44 60 21 58 51 54 17 58
            19 80 81 68 05 94 47 69 28 75 92 13 86 52 17 77 04 89 55 40
            04 52 08 83 97 35 99 16 07 97 57 32 16 26 26 79 33 27 98 66
            88 36 68 57 57 62 20 72 03 46 33 67 46 55 12 32 63 93 53 69
            04 42 16 73 38 25 39 11 24 94 72 18 08 46 29 32 40 62 76 36
            20 69 36 41 72 30 23 88 34 62 99 69 82 67 59 85 74 04 34 16
            20 73 35 29 78 31 90 01 74 31 49 71 48 86 81 16 23 57 05 34
            01 70 54 71 83 51 54 69 16 92 33 48 61 43 52 01 89 19 67 48
            """;
}
