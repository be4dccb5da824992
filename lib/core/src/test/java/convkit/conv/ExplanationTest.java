package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExplanationTest {
    static final Tensor L09 = Tensor.parse("18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78");
    static final Kernel2d CROSS = Kernel2d.parse("1 0 1\n0 1 0\n1 0 1");

    @Test
    void theLecturesCellWithZeroWeightsLeftOut() {
        Explanation e = CROSS.explain(L09, 0, 0);
        assertEquals("y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429", e.toString());
        assertEquals(9, e.terms().size());
        assertEquals(429, e.value());
        assertEquals("x[2][2]", e.terms().get(8).inputIndex());
    }

    @Test
    void allTermsIncludesZeroWeights() {
        assertEquals("y[0][0] = 18*1 + 54*0 + 51*1 + 55*0 + 121*1 + 75*0 + 35*1 + 24*0 + 204*1 = 429", CROSS.explain(L09, 0, 0).allTerms());
    }

    @Test
    void paddedPositionsAreMarked() {
        Explanation e = CROSS.padding(1).explain(L09, 0, 0);
        assertEquals("y[0][0] = 0(pad)*1 + 0(pad)*1 + 18*1 + 0(pad)*1 + 121*1 = 139", e.toString());
        assertTrue(e.terms().get(0).padded());
        assertEquals("x[-1][-1]", e.terms().get(0).inputIndex());
    }

    @Test
    void trueConvolutionShowsTheFlippedKernelAndNegativesInParentheses() {
        Kernel2d k = Kernel2d.parse("1 8\n-5 6");
        Tensor x = Tensor.parse("2 10 8\n5 15 20\n6 11 9");
        Explanation e = k.explainConvolve(x, 0, 0);
        assertTrue(e.flipped());
        assertEquals(Tensor.parse("6 -5\n8 1"), e.kernelUsed());
        assertEquals("kernel rotated 180 degrees (true convolution): [[6, -5], [8, 1]]\ny[0][0] = 2*6 + 10*(-5) + 5*8 + 15*1 = 17",
                e.toString());
    }

    @Test
    void oneDimensionalExplanationsUseOneIndex() {
        Explanation e = Kernel1d.of(1, 0.5, 0.25).explainConvolve(Tensor.of(4, 8, 2, 6), 1);
        assertEquals("kernel rotated 180 degrees (true convolution): [0.25, 0.5, 1]\ny[1] = 8*0.25 + 2*0.5 + 6*1 = 9", e.toString());
        assertEquals("y[0] = 4*1 + 8*0.5 + 2*0.25 = 8.5", Kernel1d.of(1, 0.5, 0.25).explain(Tensor.of(4, 8, 2, 6), 0).toString());
    }

    @Test
    void explanationAgreesWithEveryCellOfTheOutput() {
        Tensor x = Tensor.randn(Shape.of(6, 7), 3);
        Kernel2d k = Kernel2d.of(Tensor.randn(Shape.of(3, 2), 4)).stride(2).padding(1).floor();
        Tensor y = k.correlate(x);
        for (int i = 0; i < y.dim(0); i++)
            for (int j = 0; j < y.dim(1); j++) assertEquals(y.get(i, j), k.explain(x, i, j).value(), 1e-5, "cell " + i + "," + j);
    }
}
