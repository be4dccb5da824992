package convkit.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** One vocabulary: 1D and 2D kernels take the same settings under the same names. */
class KernelSettingsTest {

    @Test
    void oneDAndTwoDShareEverySettingName() {
        Set<String> names1 = settingNames(Kernel1d.class), names2 = settingNames(Kernel2d.class);
        assertEquals(names1, names2);
        assertTrue(names1.containsAll(Set.of("stride", "padding", "dilation", "narrow", "wide", "same", "floor", "using", "with")), names1.toString());
        assertTrue(!names1.contains("valid") && !names1.contains("full"), "valid/full are gone: " + names1);
    }

    /** Public methods that return the kernel's own type: the settings. */
    private static Set<String> settingNames(Class<?> k) {
        Set<String> names = new TreeSet<>();
        for (Method m : k.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && (m.getReturnType() == k || m.getReturnType() == SlidingKernel.class)
                    && !m.getName().equals("flip") && !m.getName().equals("rot180")) names.add(m.getName());
        }
        return names;
    }

    @Test
    void theSameSettingsPrintTheSameInOneDAndTwoD() {
        var k1 = Kernel1d.of(1, 2, 3).stride(2).padding(1).dilation(2).floor();
        var k2 = Kernel2d.parse("1 2 3\n4 5 6\n7 8 9").stride(2).padding(1).dilation(2).floor();
        assertEquals(k1.settings(), k2.settings());
        assertEquals("stride 2, padding 1, dilation 2, floor", k1.settings().toString());
        assertTrue(k2.toString().startsWith("Kernel2d 3x3 (stride 2, padding 1, dilation 2, floor)"), k2.toString());
        assertTrue(k1.toString().endsWith("(stride 2, padding 1, dilation 2, floor)"), k1.toString());
        assertEquals(KernelSettings.DEFAULT, Kernel2d.parse("1 8\n-5 6").narrow().settings());
        assertTrue(Kernel2d.parse("1 8\n-5 6").narrow().toString().contains("narrow (P=0)"));
        assertTrue(Kernel2d.parse("1 8\n-5 6").wide().toString().contains("wide (P=F-1)"));
    }

    @Test
    void settingsCarryOverFromOneKernelToAnother() {
        // no padding here: in 2D it would pad the single row too
        var k1 = Kernel1d.of(-1, 0, 1).stride(2).dilation(2);
        var k2 = Kernel2d.of(new double[][] {{-1, 0, 1}}).with(k1.settings());
        Tensor x = Tensor.of(1, 2, 3, 4, 5, 6, 7);
        assertEquals(Tensor.of(4, 4), k1.correlate(x));
        assertEquals(k1.correlate(x), k2.correlate(x.reshape(1, 7)).reshape(k1.outputLength(7)));
    }

    @Test
    void wideAndSameResolveAsTheLectureSays() {
        Tensor x = Tensor.of(1, 2, 3, 4, 5, 6, 7);
        assertEquals(7 + 3 - 1, Kernel1d.of(1, -2, 1).wide().correlate(x).dim(0));
        assertEquals(7, Kernel1d.of(1, -2, 1).same().correlate(x).dim(0));
        assertEquals(Shape.of(9, 9), Kernel2d.parse("1 2 3\n4 5 6\n7 8 9").wide().outputShape(7, 7));
        assertEquals(Shape.of(7, 7), Kernel2d.parse("1 2 3\n4 5 6\n7 8 9").same().outputShape(7, 7));
    }

    @Test
    void badSettingsTeach() {
        assertTrue(assertThrows(ShapeException.class, () -> Kernel1d.of(1, 2).stride(0)).getMessage().contains("S=0"));
        assertTrue(assertThrows(ShapeException.class, () -> Kernel2d.parse("1 2\n3 4").dilation(0)).getMessage().contains("D=0"));
        assertTrue(assertThrows(ShapeException.class, () -> Kernel2d.parse("1 2\n3 4").padding(-1)).getMessage().contains("P=-1"));
        assertThrows(ShapeException.class, () -> new KernelSettings(1, null, 1, Rounding.STRICT));
    }

    @Test
    void randomFactoriesTakeTheShapeFirstAndTheSeedLast() {
        Tensor a = Tensor.rand(Shape.of(8, 8), 24);
        assertEquals(Shape.of(8, 8), a.shape());
        assertEquals(a, Tensor.rand(Shape.of(8, 8), 24));
        assertEquals(Shape.of(24, 8, 8), Tensor.randn(Shape.of(24, 8, 8), 1).shape());
        assertThrows(IllegalArgumentException.class, () -> Tensor.rand(null, 1));
    }

    @Test
    void outputSizeNamesEveryQuantity() {
        var axis = OutputSize.input(7).kernel(3).stride(2).padding(1);
        assertEquals(4, axis.length());
        assertEquals("W2 = (W1 - F + 2P)/S + 1 = (7 - 3 + 2)/2 + 1 = 4", axis.toString());
        assertEquals(2, OutputSize.input(7).kernel(3).stride(3).floor().length());
        assertTrue(OutputSize.input(7).kernel(3).stride(3).toString().contains("does not fit"));
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(7).length()).getMessage().contains(".kernel(F)"));
        assertTrue(assertThrows(ShapeException.class, () -> OutputSize.input(7).kernel(3).stride(3).named("conv1d: output length").length())
                .getMessage().startsWith("conv1d: output length is not a whole number."));
    }
}
