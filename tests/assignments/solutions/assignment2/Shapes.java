package assignment2;

/** Reference solution of assignment 2 (teachers only; do not hand out). */
public class Shapes {

    public static int outputSize(int inputSize, int kernelSize, int stride, int padding) {
        int numerator = inputSize - kernelSize + 2 * padding;
        if (numerator < 0 || numerator % stride != 0) {
            throw new IllegalArgumentException("(W1 - F + 2P)/S + 1 = (" + inputSize + " - " + kernelSize + " + " + 2 * padding
                    + ")/" + stride + " + 1 = " + (numerator / (double) stride + 1) + " is not a whole number of windows");
        }
        return numerator / stride + 1;
    }

    public static long convParameters(int kernelSize, int inputDepth, int filters) {
        return (long) kernelSize * kernelSize * inputDepth * filters + filters;
    }

    public static int[] convOutputVolume(int height, int width, int depth, int filters, int kernelSize, int stride, int padding) {
        return new int[] {outputSize(height, kernelSize, stride, padding), outputSize(width, kernelSize, stride, padding), filters};
    }

    public static double[][] maxPool(double[][] x, int window, int stride) {
        return pool(x, window, stride, true);
    }

    public static double[][] avgPool(double[][] x, int window, int stride) {
        return pool(x, window, stride, false);
    }

    private static double[][] pool(double[][] x, int k, int s, boolean max) {
        int h2 = (x.length - k) / s + 1, w2 = (x[0].length - k) / s + 1;
        double[][] y = new double[h2][w2];
        for (int i = 0; i < h2; i++) {
            for (int j = 0; j < w2; j++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        double value = x[i * s + u][j * s + v];
                        acc = max ? Math.max(acc, value) : acc + value;
                    }
                }
                y[i][j] = max ? acc : acc / (k * k);
            }
        }
        return y;
    }
}
