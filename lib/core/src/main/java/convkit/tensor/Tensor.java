package convkit.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense block of float32 numbers with a {@link Shape}, stored row-major.
 *
 * <p>Operations return new tensors; the few methods that change a tensor in place end in
 * {@code i} ({@code addi}, {@code scalei}) or are named {@code set}/{@code fill}. Lecture-level
 * operations (convolution, pooling, filters) live in their own packages and take tensors.
 *
 * <p>Shapes are written outermost first; images and feature maps use NCHW (batch, channels,
 * height, width). {@code toString()} prints the shape and then the values aligned the way the
 * lecture's tables look, whole numbers without a decimal point.
 *
 * <pre>{@code
 * jshell> var X = Tensor.parse("2 10 8\n5 15 20\n6 11 9")
 * X ==> Tensor (3, 3)
 *   2 10  8
 *   5 15 20
 *   6 11  9
 * jshell> X.get(1, 2)
 * $2 ==> 20.0
 * jshell> Tensor.arange(6).reshape(2, 3)
 * $3 ==> Tensor (2, 3)
 *  0 1 2
 *  3 4 5
 * jshell> Tensor.randn(Shape.of(1, 3, 32, 32), 42).shape()
 * $4 ==> (1, 3, 32, 32)
 * }</pre>
 */
public final class Tensor {
    private final float[] data;
    private final Shape shape;

    private Tensor(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new ShapeException("data has " + data.length + " values but shape " + shape
                    + " needs " + shape.size());
        }
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- creation

    /** A rank-1 tensor (a 1D signal) from its values: {@code Tensor.of(1, 2, 3)}. */
    public static Tensor of(double... values) {
        Objects.requireNonNull(values, "Tensor.of: values must not be null; pass numbers, e.g. Tensor.of(1, 2, 3)");
        if (values.length == 0) throw new ShapeException("Tensor.of needs at least one value");
        float[] d = new float[values.length];
        for (int i = 0; i < values.length; i++) d[i] = (float) values[i];
        return new Tensor(d, Shape.of(values.length));
    }

    /** A rank-2 tensor (a matrix) from its rows; all rows must have the same length. */
    public static Tensor of(double[][] rows) {
        Objects.requireNonNull(rows, "Tensor.of: rows must not be null; pass a matrix, e.g. new double[][] {{1, 2}, {3, 4}}");
        for (int i = 0; i < rows.length; i++) Objects.requireNonNull(rows[i], "Tensor.of: row " + i + " is null");
        if (rows.length == 0 || rows[0].length == 0) {
            throw new ShapeException("a matrix needs at least one row and one column");
        }
        int w = rows[0].length;
        float[] d = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != w) {
                throw new ShapeException("row " + i + " has " + rows[i].length + " values but row 0 has " + w
                        + "; every row of a matrix must have the same length");
            }
            for (int j = 0; j < w; j++) d[i * w + j] = (float) rows[i][j];
        }
        return new Tensor(d, Shape.of(rows.length, w));
    }

    /** A tensor holding a copy of {@code values} in the given shape. */
    public static Tensor of(float[] values, int... shape) {
        Objects.requireNonNull(values, "Tensor.of: values must not be null");
        Objects.requireNonNull(shape, "Tensor.of: shape must not be null");
        return new Tensor(values.clone(), Shape.of(shape));
    }

    /**
     * A tensor that uses {@code values} as its storage, without copying. For kernels and
     * layers that manage their own buffers; most code wants {@link #of(float[], int...)}.
     */
    public static Tensor wrap(float[] values, Shape shape) {
        Objects.requireNonNull(values, "Tensor.wrap: values must not be null");
        Objects.requireNonNull(shape, "Tensor.wrap: shape must not be null");
        return new Tensor(values, shape);
    }

    /**
     * Reads a matrix written the way the slides print it: one row per line, numbers separated
     * by spaces, tabs or commas. A semicolon also ends a row, and fractions such as {@code 1/16}
     * are allowed. A single line gives a rank-1 tensor. Nested brackets, as Python and NumPy print
     * arrays, give the shape they describe: {@code "[[1, 2], [3, 4]]"} is (2, 2); a single level
     * of brackets is ignored. Numbers must be finite float32 values ({@code 1/0} and {@code 1e39} are refused).
     *
     * <pre>{@code
     * jshell> Tensor.parse("1/16 1/8 1/16")
     * $1 ==> Tensor (3)
     *  0.0625 0.1250 0.0625
     * jshell> Tensor.parse("1 8; -5 6").shape()
     * $2 ==> (2, 2)
     * }</pre>
     *
     * @param text rows separated by line breaks (or ';'), numbers by spaces, tabs or commas
     * @return an (rows, columns) tensor, or (columns) for a single row
     * @throws ShapeException when rows differ in length, a token is not a number, or there are no numbers
     */
    public static Tensor parse(String text) {
        Objects.requireNonNull(text, "Tensor.parse: text must not be null; " + TensorText.FORMS);
        text = TensorText.unwrap(text);
        if (TensorText.nested(text)) return TensorText.parseNested(text);
        List<float[]> rows = new ArrayList<>();
        // U+2212 is the minus sign typeset slides use; copied from a PDF it should still parse.
        String[] lines = text.replace(';', '\n').replace('\u2212', '-').split("\\R");
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li].replaceAll("[\\[\\]]", " ").replace(',', ' ').trim();
            if (line.isEmpty()) continue;
            String[] tokens = line.split("\\s+");
            float[] row = new float[tokens.length];
            for (int t = 0; t < tokens.length; t++) row[t] = parseNumber(tokens[t], li + 1);
            if (!rows.isEmpty() && rows.get(0).length != row.length) {
                throw new ShapeException("Tensor.parse: line " + (li + 1) + " has " + row.length
                        + " numbers but the first row has " + rows.get(0).length
                        + "; every row of a matrix must have the same length");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new ShapeException("Tensor.parse: no numbers in \"" + text + "\"");
        int w = rows.get(0).length;
        float[] d = new float[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, d, i * w, w);
        return rows.size() == 1 ? new Tensor(d, Shape.of(w)) : new Tensor(d, Shape.of(rows.size(), w));
    }

    private static float parseNumber(String token, int line) {
        return TensorText.number(token, "on line " + line);
    }

    /** A tensor of zeros in the given shape, e.g. {@code Tensor.zeros(2, 3)}. */
    public static Tensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(alloc(s, "Tensor.zeros"), s);
    }

    /** A tensor of zeros in the given shape. */
    public static Tensor zeros(Shape shape) {
        Objects.requireNonNull(shape, "Tensor.zeros: shape must not be null");
        return new Tensor(alloc(shape, "Tensor.zeros"), shape);
    }

    /** Storage for a new tensor, checked against the heap so a huge shape says how much memory it needs. */
    private static float[] alloc(Shape s, String what) {
        int n = s.size();
        return n < (1 << 20) ? new float[n] : Memory.floats(n, what + s);
    }

    /** A tensor of ones in the given shape. */
    public static Tensor ones(int... shape) {
        return full(1, shape);
    }

    /** A tensor with every element equal to {@code value}: {@code Tensor.full(0.5, 4, 4)}. */
    public static Tensor full(double value, int... shape) {
        Shape s = Shape.of(shape);
        float[] d = alloc(s, "Tensor.full");
        Arrays.fill(d, (float) value);
        return new Tensor(d, s);
    }

    /**
     * Uniform random values in [0, 1) from an explicit seed: the same seed gives the same tensor.
     * The seed comes last and the shape is a {@link Shape}, so a seed cannot be mistaken for a
     * dimension: {@code Tensor.rand(Shape.of(8, 8), 24)}.
     *
     * @param shape the dimensions, e.g. {@code Shape.of(1, 3, 32, 32)}
     * @param seed  the seed of {@link java.util.Random}; there is no hidden global seed
     * @return a new tensor of that shape
     */
    public static Tensor rand(Shape shape, long seed) {
        Random r = new Random(seed);
        Shape s = requireShape(shape, "rand");
        float[] d = alloc(s, "Tensor.rand");
        for (int i = 0; i < d.length; i++) d[i] = r.nextFloat();
        return new Tensor(d, shape);
    }

    /** Standard normal random values (mean 0, standard deviation 1) from an explicit seed: {@code Tensor.randn(Shape.of(3, 4), 7)}. */
    public static Tensor randn(Shape shape, long seed) {
        Random r = new Random(seed);
        Shape s = requireShape(shape, "randn");
        float[] d = alloc(s, "Tensor.randn");
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return new Tensor(d, shape);
    }

    private static Shape requireShape(Shape shape, String what) {
        if (shape == null) throw new IllegalArgumentException("Tensor." + what + ": shape is null; pass e.g. Shape.of(3, 4)");
        return shape;
    }

    /** Integers 0, 1, ..., n-1 as a rank-1 tensor. */
    public static Tensor arange(int n) {
        if (n < 1) throw new ShapeException("Tensor.arange: n must be at least 1, got " + n);
        float[] d = alloc(Shape.of(n), "Tensor.arange");
        for (int i = 0; i < n; i++) d[i] = i;
        return new Tensor(d, Shape.of(n));
    }

    /** Tensors of one shape as slices of a new first axis: n tensors (H, W) give (n, H, W). */
    public static Tensor stack(List<Tensor> tensors) {
        return Stacking.stack(tensors);
    }

    /** {@link #stack(List)} of the given tensors. */
    public static Tensor stack(Tensor... tensors) {
        return Stacking.stack(tensors == null ? null : Arrays.asList(tensors));
    }

    /** Joined along {@code axis}: (N, 2, H, W) and (N, 3, H, W) along axis 1 give (N, 5, H, W). */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Stacking.concat(axis, tensors == null ? null : Arrays.asList(tensors));
    }

    // ---------------------------------------------------------------- shape and access

    /** The dimensions, outermost first. */
    public Shape shape() {
        return shape;
    }

    /** The number of dimensions: 1 for a signal, 2 for an image, 4 for an NCHW batch. */
    public int rank() {
        return shape.rank();
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** Dimension {@code i} of the shape; negative counts from the end. */
    public int dim(int i) {
        return shape.dim(i);
    }

    /**
     * The live storage, row-major. Kernels read and write it directly; changing it changes
     * this tensor.
     */
    public float[] buffer() {
        return data;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** A rank-2 tensor as rows of doubles. */
    public double[][] toMatrix() {
        requireRank(2, "toMatrix");
        int h = shape.dim(0), w = shape.dim(1);
        double[][] m = new double[h][w];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) m[i][j] = data[i * w + j];
        return m;
    }

    /** The element at the given index (one coordinate per dimension, 0-based). */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Sets one element. */
    public Tensor set(double value, int... index) {
        data[offset(index)] = (float) value;
        return this;
    }

    /** Row-major position of an index, checked against the shape. */
    public int offset(int... index) {
        Objects.requireNonNull(index, "index must not be null; pass one coordinate per dimension");
        if (index.length != shape.rank()) {
            throw new ShapeException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor " + shape + " has rank " + shape.rank());
        }
        int off = 0;
        for (int k = 0; k < index.length; k++) {
            int n = shape.dim(k);
            if (index[k] < 0 || index[k] >= n) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + shape + ": coordinate " + k + " must be in 0.." + (n - 1));
            }
            off = off * n + index[k];
        }
        return off;
    }

    /**
     * The same values in another shape with the same number of elements (a copy). One dimension
     * may be -1, as in NumPy: it is whatever makes the sizes agree, e.g. {@code reshape(-1, 784)}.
     */
    public Tensor reshape(int... newShape) {
        Shape s = Shape.of(TensorText.inferMinusOne(newShape, data.length, shape));
        if (s.size() != data.length) {
            throw new ShapeException("cannot reshape " + shape + " (" + data.length + " values) to " + s
                    + " (" + s.size() + " values)");
        }
        return new Tensor(data.clone(), s);
    }

    /** Sub-tensor {@code i} along the first dimension (a copy): image {@code n} of a batch, row {@code i} of a matrix. */
    public Tensor at(int i) {
        if (rank() < 2) throw new ShapeException("at(" + i + ") needs rank >= 2, tensor is " + shape);
        int n = shape.dim(0);
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException("at(" + i + "): first dimension of " + shape + " is " + n);
        int[] rest = Arrays.copyOfRange(shape.dims(), 1, rank());
        int len = data.length / n;
        return new Tensor(Arrays.copyOfRange(data, i * len, (i + 1) * len), Shape.of(rest));
    }

    /** An independent copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    // ---------------------------------------------------------------- element-wise math

    /** Element-wise sum; the shapes must be equal. */
    public Tensor add(Tensor other) {
        requireSameShape(other, "add");
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] + other.data[i];
        return new Tensor(d, shape);
    }

    /** Element-wise difference; the shapes must be equal. */
    public Tensor sub(Tensor other) {
        requireSameShape(other, "sub");
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] - other.data[i];
        return new Tensor(d, shape);
    }

    /** Element-wise (Hadamard) product. */
    public Tensor mul(Tensor other) {
        requireSameShape(other, "mul");
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] * other.data[i];
        return new Tensor(d, shape);
    }

    /** Every element times {@code factor}. */
    public Tensor scale(double factor) {
        return map(v -> v * factor);
    }

    /** {@code f} applied to every element, e.g. {@code t.map(v -> Math.max(0, v))} for ReLU. */
    public Tensor map(DoubleUnaryOperator f) {
        Objects.requireNonNull(f, "Tensor.map: the function must not be null, e.g. v -> Math.max(0, v)");
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) f.applyAsDouble(data[i]);
        return new Tensor(d, shape);
    }

    /** In place: this += other. */
    public Tensor addi(Tensor other) {
        requireSameShape(other, "addi");
        for (int i = 0; i < data.length; i++) data[i] += other.data[i];
        return this;
    }

    /** In place: this *= factor. */
    public Tensor scalei(double factor) {
        float f = (float) factor;
        for (int i = 0; i < data.length; i++) data[i] *= f;
        return this;
    }

    /** In place: every element set to {@code value}. */
    public Tensor fill(double value) {
        Arrays.fill(data, (float) value);
        return this;
    }

    /** Sum of all elements, accumulated in double. */
    public double sum() {
        double s = 0;
        for (float v : data) s += v;
        return s;
    }

    /** Mean of all elements. */
    public double mean() {
        return sum() / data.length;
    }

    /** The largest element. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) m = Math.max(m, v);
        return m;
    }

    /** The smallest element. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) m = Math.min(m, v);
        return m;
    }

    /** Row-major position of the largest element (the first one on ties). */
    public int argmax() {
        int best = 0;
        for (int i = 1; i < data.length; i++) if (data[i] > data[best]) best = i;
        return best;
    }

    /** Dot product of two tensors of the same shape, accumulated in double. */
    public double dot(Tensor other) {
        requireSameShape(other, "dot");
        double s = 0;
        for (int i = 0; i < data.length; i++) s += (double) data[i] * other.data[i];
        return s;
    }

    /** Largest absolute element-wise difference. */
    public double maxAbsDiff(Tensor other) {
        requireSameShape(other, "maxAbsDiff");
        double m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs((double) data[i] - other.data[i]));
        return m;
    }

    /** Same shape and every element within {@code tol} (absolute). */
    public boolean allClose(Tensor other, double tol) {
        Objects.requireNonNull(other, "allClose: the other tensor must not be null");
        return shape.equals(other.shape) && maxAbsDiff(other) <= tol;
    }

    /** Position of the first NaN or infinite element, or -1 when all are finite. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) if (!Float.isFinite(data[i])) return i;
        return -1;
    }

    // ---------------------------------------------------------------- checks used by the rest of the library

    /** Throws a {@link ShapeException} naming {@code what} unless this tensor has the given rank. */
    public Tensor requireRank(int expected, String what) {
        if (rank() != expected) {
            throw new ShapeException(what + ": expected a rank-" + expected + " tensor, got shape " + shape
                    + " (rank " + rank() + ")");
        }
        return this;
    }

    private void requireSameShape(Tensor other, String op) {
        Objects.requireNonNull(other, () -> op + ": the other tensor must not be null");
        if (!shape.equals(other.shape)) {
            throw new ShapeException(op + ": shapes differ, " + shape + " vs " + other.shape
                    + "; element-wise operations need equal shapes");
        }
    }

    // ---------------------------------------------------------------- equality and printing

    /** Equal shapes and bit-for-bit equal values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    /** The shape, then the values aligned in columns as the lecture's tables print them. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
