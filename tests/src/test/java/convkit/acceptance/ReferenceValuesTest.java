package convkit.acceptance;

import static convkit.acceptance.Definitions.assertMatrix;
import static convkit.acceptance.Definitions.assertVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Values that numpy, scipy and PyTorch print for small inputs, derived by hand here (each
 * derivation is in the comment), so ConvKit is checked against the conventions of those
 * libraries without Python at test time.
 */
class ReferenceValuesTest {
    static final double EXACT = 1e-6;
    static final Tensor A = Tensor.of(1, 2, 3);
    static final double[] V = {0, 1, 0.5};

    @Test
    void numpyConvolveFullSameValid() {
        // np.convolve([1,2,3], [0,1,0.5]) = [0, 1, 2.5, 4, 1.5]:
        // y0 = 1*0, y1 = 1*1 + 2*0, y2 = 1*0.5 + 2*1 + 3*0, y3 = 2*0.5 + 3*1, y4 = 3*0.5
        assertVector(new double[] {0, 1, 2.5, 4, 1.5}, Kernel1d.of(V).wide().convolve(A), EXACT, "full");
        // mode='same' keeps the middle max(M, N) = 3 values: [1, 2.5, 4]
        assertVector(new double[] {1, 2.5, 4}, Kernel1d.of(V).same().convolve(A), EXACT, "same");
        // mode='valid' keeps the one full overlap: [2.5]
        assertVector(new double[] {2.5}, Kernel1d.of(V).convolve(A), EXACT, "valid");
    }

    @Test
    void numpyCorrelate() {
        // np.correlate([1,2,3], [0,1,0.5]) ('valid') = 1*0 + 2*1 + 3*0.5 = 3.5
        assertVector(new double[] {3.5}, Kernel1d.of(V).correlate(A), EXACT, "valid");
        // np.correlate(a, v, 'full') = np.convolve(a, v[::-1]) = convolve([1,2,3], [0.5,1,0]) = [0.5, 2, 3.5, 3, 0]
        assertVector(new double[] {0.5, 2, 3.5, 3, 0}, Kernel1d.of(V).wide().correlate(A), EXACT, "full");
    }

    @Test
    void scipyConvolve2dFull() {
        // scipy.signal.convolve2d([[1,2],[3,4]], ones((2,2))) = [[1,3,2],[4,10,6],[3,7,4]]: each cell sums the
        // inputs its flipped 2x2 window covers, e.g. the centre 1+2+3+4 = 10, the top middle 1+2 = 3
        Tensor y = Kernel2d.of(Tensor.ones(2, 2)).wide().convolve(Tensor.parse("1 2\n3 4"));
        assertMatrix(new double[][] {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}, y, EXACT, "convolve2d full");
    }

    @Test
    void scipyCorrelate2dFull() {
        // scipy.signal.correlate2d([[1,2],[3,4]], [[0,1],[2,3]], 'full') = convolve2d with rot180 = [[3,2],[1,0]]:
        // [[1*3, 1*2 + 2*3, 2*2], [1*1 + 3*3, 1*0 + 2*1 + 3*2 + 4*3, 2*0 + 4*2], [3*1, 3*0 + 4*1, 4*0]]
        Tensor y = Kernel2d.parse("0 1\n2 3").wide().correlate(Tensor.parse("1 2\n3 4"));
        assertMatrix(new double[][] {{3, 8, 4}, {10, 20, 8}, {3, 4, 0}}, y, EXACT, "correlate2d full");
    }

    @Test
    void scipyConvolve2dSameWithZeroBoundary() {
        // scipy.signal.convolve2d(arange(9).reshape(3,3), [[0,1,0],[1,-4,1],[0,1,0]], 'same'):
        // the Laplacian with zero fill. Centre: 1 + 3 + 5 + 7 - 4*4 = 0; corner (0,0): 1 + 3 - 0 = 4;
        // (0,1): 0 + 2 + 4 - 4*1 = 2; (0,2): 1 + 5 - 8 = -2; (1,0): 0 + 6 + 4 - 12 = -2; (1,2): 2 + 8 + 4 - 20 = -6;
        // (2,0): 3 + 7 - 24 = -14; (2,1): 6 + 8 + 4 - 28 = -10; (2,2): 5 + 7 - 32 = -20
        Tensor y = Kernel2d.parse("0 1 0\n1 -4 1\n0 1 0").same().convolve(Tensor.arange(9).reshape(3, 3));
        assertMatrix(new double[][] {{4, 2, -2}, {-2, 0, -6}, {-14, -10, -20}}, y, EXACT, "laplacian same");
    }

    @Test
    void torchConv2dFloorsWhereConvKitAsksFirst() {
        // F.conv2d(arange(16).view(1,1,4,4), ones(1,1,3,3), stride=2, padding=1) -> 2x2, because PyTorch floors
        // (4 - 3 + 2)/2 + 1 = 2.5. Windows: rows/cols -1..1 -> 0+1+4+5 = 10; rows -1..1, cols 1..3 -> 1+2+3+5+6+7 = 24;
        // rows 1..3, cols -1..1 -> 4+5+8+9+12+13 = 51; rows 1..3, cols 1..3 -> 5+6+7+9+10+11+13+14+15 = 90
        Tensor y = Kernel2d.of(Tensor.ones(3, 3)).stride(2).padding(1).floor().correlate(Tensor.arange(16).reshape(4, 4));
        assertMatrix(new double[][] {{10, 24}, {51, 90}}, y, EXACT, "floor");
    }

    @Test
    void torchMaxPoolWithPadding() {
        // F.max_pool2d(arange(16).view(1,1,4,4), 3, stride=2, padding=1) = [[5, 7], [13, 15]]
        // (padding never wins a max; (4 + 2 - 3)/2 + 1 floors to 2)
        Tensor y = Pool.max(3).stride(2).padding(1).floor().apply(Tensor.arange(16).reshape(4, 4));
        assertMatrix(new double[][] {{5, 7}, {13, 15}}, y, EXACT, "max pool");
    }

    @Test
    void torchAvgPoolCountsPaddingLikeCountIncludePad() {
        // F.avg_pool2d(ones(1,1,3,3), 3, stride=1, padding=1) (count_include_pad=True):
        // a corner window holds 4 ones of 9 cells -> 4/9, an edge window 6/9, the centre 9/9
        Tensor y = Pool.avg(3).stride(1).padding(1).apply(Tensor.ones(3, 3));
        assertMatrix(new double[][] {{4 / 9.0, 6 / 9.0, 4 / 9.0}, {6 / 9.0, 1, 6 / 9.0}, {4 / 9.0, 6 / 9.0, 4 / 9.0}}, y, 1e-6, "avg pool");
        // F.avg_pool2d([[1,2],[3,4]], 2) = 2.5
        assertEquals(2.5, Pool.avg(2).apply(Tensor.parse("1 2\n3 4")).get(0, 0), EXACT);
    }
}
