package assignment2;

/**
 * Assignment 2: the sizes and counts of a convolutional layer, and pooling.
 * Lecture 6, §6.3 (池化) and §6.4 (输出大小, 参数数量).
 *
 * Fill in the five methods marked TODO. Keep the class name, the package and every method
 * signature: the grader calls them by name.
 * Check your work with:  ./convkit grade --assignment 2 --submission tests/assignments/handout
 */
public class Shapes {

    /**
     * The output length of a convolution along one axis (lecture §6.4):
     *
     *   W2 = (W1 - F + 2P)/S + 1
     *
     * W1 input size, F kernel size, S stride, P zero padding on each side.
     * Examples (lecture L26/L27): W1=7, F=3: S=1 gives 5, S=2 gives 3, S=1 with P=1 gives 7.
     * With S=3 the formula gives (7 - 3)/3 + 1 = 2.33: the kernel does not tile the input.
     * Then throw an IllegalArgumentException whose message shows the formula with the numbers;
     * also when the kernel is larger than the padded input (W1 + 2P < F).
     */
    public static int outputSize(int inputSize, int kernelSize, int stride, int padding) {
        // TODO
        throw new UnsupportedOperationException("TODO: outputSize");
    }

    /**
     * Parameters of a conv layer with K filters of size F x F over an input of depth D1
     * (lecture L29): every filter has F*F*D1 weights and one bias, so
     *
     *   params = (F * F * D1) * K + K
     *
     * Example: ten 5x5 filters on a 32x32x3 image: (5*5*3)*10 + 10 = 760.
     * Counts can pass 2^31 (about 2.1 billion): compute in long.
     */
    public static long convParameters(int kernelSize, int inputDepth, int filters) {
        // TODO
        throw new UnsupportedOperationException("TODO: convParameters");
    }

    /**
     * The output volume of a conv layer, {H2, W2, D2} (lecture §6.4 总结):
     *   H2 = (H1 - F + 2P)/S + 1,  W2 = (W1 - F + 2P)/S + 1,  D2 = K.
     * Example (lecture L25): a 32x32x3 input, six 5x5 filters, S=1, P=0 gives {28, 28, 6}.
     */
    public static int[] convOutputVolume(int height, int width, int depth, int filters, int kernelSize, int stride, int padding) {
        // TODO: reuse outputSize.
        throw new UnsupportedOperationException("TODO: convOutputVolume");
    }

    /**
     * Max pooling (最大池化) with a K x K window moved by S:
     *
     *   y[i][j] = max over u, v = 0..K-1 of x[i*S + u][j*S + v]
     *
     * Output size (H - K)/S + 1 by (W - K)/S + 1 (no padding; every test uses sizes that fit).
     * Example (lecture L20): [[1,1,2,0],[0,1,1,2],[0,0,1,3],[0,0,1,1]], K=2, S=2 gives [[1,2],[0,3]].
     */
    public static double[][] maxPool(double[][] x, int window, int stride) {
        // TODO
        throw new UnsupportedOperationException("TODO: maxPool");
    }

    /**
     * Average pooling (平均池化): the mean of each K x K window,
     *
     *   y[i][j] = (1 / (K*K)) * sum over u, v of x[i*S + u][j*S + v]
     *
     * Example: the L20 input with K=2, S=2 gives [[0.75, 1.25], [0, 1.5]].
     */
    public static double[][] avgPool(double[][] x, int window, int stride) {
        // TODO
        throw new UnsupportedOperationException("TODO: avgPool");
    }
}
