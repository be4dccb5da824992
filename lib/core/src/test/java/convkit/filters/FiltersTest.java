package convkit.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.ShapeException;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FiltersTest {

    @Test
    void presetFiltersKeepTheImageSize() {
        Tensor img = Tensor.rand(Shape.of(7, 9), 1);
        for (var k : new convkit.conv.Kernel2d[] {Filters.mean(3), Filters.gaussian(5, 1.0), Filters.gaussian3x3(),
                Filters.laplacian(), Filters.laplacian8(), Filters.sobelX(), Filters.sobelY(), Filters.prewittX(),
                Filters.prewittY(), Filters.scharrX(), Filters.scharrY(), Filters.diagonalEdge(), Filters.sharpen()}) {
            assertEquals(img.shape(), k.correlate(img).shape(), k.toString());
        }
    }

    @Test
    void lectureKernelsHaveTheSlideWeights() {
        assertEquals(Tensor.parse("0.0625 0.125 0.0625\n0.125 0.25 0.125\n0.0625 0.125 0.0625"), Filters.gaussian3x3().weights());
        assertEquals(Tensor.parse("0 1 0\n1 -4 1\n0 1 0"), Filters.laplacian().weights());
        assertEquals(Tensor.parse("0 1 1\n-1 0 1\n-1 -1 0"), Filters.diagonalEdge().weights());
        assertEquals(Tensor.parse("1 1 1\n1 -8 1\n1 1 1"), Filters.laplacian8().weights());
    }

    @Test
    void gaussianIsNormalisedSymmetricAndPeaksInTheCentre() {
        Tensor w = Filters.gaussian(5, 1.0).weights();
        assertEquals(1.0, w.sum(), 1e-6);
        // exp(-(u^2+v^2)/2) normalised: centre / corner = exp(8/2)
        assertEquals(Math.exp(4), w.get(2, 2) / w.get(0, 0), 1e-3);
        assertEquals(w.get(0, 1), w.get(1, 0), 0);
        assertEquals(w.get(4, 3), w.get(0, 1), 0);
    }

    @Test
    void gradientMagnitudeOfAVerticalStepIsFourInsideAndZeroOnFlatGround() {
        // columns 0..2 are 0, columns 3..5 are 1: Sobel x gives 1+2+1 = 4 on both sides of the step, Gy = 0 inside
        Tensor img = Tensor.parse("0 0 0 1 1 1\n0 0 0 1 1 1\n0 0 0 1 1 1\n0 0 0 1 1 1");
        Tensor g = Filters.gradientMagnitude(img);
        assertEquals(4, g.get(1, 2), 1e-6);
        assertEquals(4, g.get(2, 3), 1e-6);
        assertEquals(0, g.get(1, 0), 1e-6);
        assertEquals(0, g.get(2, 4), 1e-6);
    }

    @Test
    void badSizesAndSigmasAreExplained() {
        var e = assertThrows(ShapeException.class, () -> Filters.mean(4));
        assertTrue(e.getMessage().contains("n=4") && e.getMessage().contains("(4 - 1)/2 = 1.5"), e.getMessage());
        var g = assertThrows(ShapeException.class, () -> Filters.gaussian(5, 0));
        assertTrue(g.getMessage().contains("sigma=0.0"), g.getMessage());
        var nan = assertThrows(ShapeException.class, () -> Filters.gaussian(3, Double.NaN));
        assertTrue(nan.getMessage().contains("sigma=NaN"), nan.getMessage());
    }
}
