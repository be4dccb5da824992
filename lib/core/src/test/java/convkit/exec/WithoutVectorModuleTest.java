package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.Conv2dKernels;
import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The library loads and computes on a JVM started without --add-modules jdk.incubator.vector. */
class WithoutVectorModuleTest {

    /** Run in a child JVM: prints whether SIMD is on and whether fast == reference on a LeNet-sized conv. */
    public static void main(String[] args) {
        Exec exec = Exec.threads(2);
        Tensor x = Tensor.randn(Shape.of(4, 3, 12, 12), 1), w = Tensor.randn(Shape.of(5, 3, 5, 5), 2);
        Tensor fast = Conv2dKernels.fast(exec).forward(x, w, null, ConvSpec.padding(2));
        Tensor ref = Conv2dKernels.reference().forward(x, w, null, ConvSpec.padding(2));
        System.out.println("simd=" + exec.simd() + " maxdiff=" + fast.maxAbsDiff(ref) + " " + exec);
    }

    @Test
    void scalarFallbackRunsWithoutTheModule() throws Exception {
        String cp = location(WithoutVectorModuleTest.class) + File.pathSeparator + location(Exec.class);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, WithoutVectorModuleTest.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("simd=false"), out);
        double diff = Double.parseDouble(out.split("maxdiff=")[1].split(" ")[0]);
        assertTrue(diff < 1e-4, out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
