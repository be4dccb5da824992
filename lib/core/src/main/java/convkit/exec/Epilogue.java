package convkit.exec;

/**
 * Element-wise work a kernel's task does on the part of an output it has just written, while that
 * part is still in its core's cache: a ReLU after a convolution, the ReLU's gradient mask after a
 * pooling layer's backward pass. Without it the element-wise layer reads and writes the whole
 * output again in a call of its own (for LeNet-5's first ReLU, 1.2 MB each way per step).
 *
 * <p>A kernel that takes an epilogue calls it once for every value it writes, on the thread that
 * wrote it, after the value is final, with disjoint ranges; so the result is what running the
 * element-wise layer after the whole kernel gives, bit for bit, whatever the number of threads.
 */
@FunctionalInterface
public interface Epilogue {
    /** Transforms {@code values[from, to)} in place. */
    void apply(float[] values, int from, int to);
}
