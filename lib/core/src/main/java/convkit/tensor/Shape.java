package convkit.tensor;

import java.util.Arrays;

/**
 * The dimensions of a {@link Tensor}, outermost first (row-major). Immutable.
 *
 * <p>Images and feature maps use the NCHW order the lecture's networks use: batch N,
 * channels C (the lecture's depth D), height H, width W.
 *
 * <pre>{@code
 * jshell> Shape.of(1, 3, 32, 32)
 * $1 ==> (1, 3, 32, 32)
 * jshell> Shape.of(32, 32, 3).size()
 * $2 ==> 3072
 * }</pre>
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape from its dimensions; every dimension must be at least 1. */
    public static Shape of(int... dims) {
        java.util.Objects.requireNonNull(dims, "Shape.of: dims must not be null; pass sizes, e.g. Shape.of(1, 28, 28)");
        if (dims.length == 0) {
            throw new ShapeException("a shape needs at least one dimension, got ()");
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new ShapeException("dimension " + i + " of " + Arrays.toString(dims)
                        + " is " + dims[i] + "; every dimension must be at least 1");
            }
        }
        long size = 1;
        for (int d : dims) {
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new ShapeException("shape " + Arrays.toString(dims) + " has more than "
                        + (Integer.MAX_VALUE - 8) + " elements; a Tensor holds at most that many");
            }
        }
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end ({@code dim(-1)} is the width). */
    public int dim(int i) {
        int k = i < 0 ? dims.length + i : i;
        if (k < 0 || k >= dims.length) {
            throw new ShapeException("shape " + this + " has rank " + dims.length + "; no dimension " + i);
        }
        return dims[k];
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major strides: how many elements one step along each dimension skips. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Prints like the lecture's tuples: {@code (1, 3, 32, 32)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
