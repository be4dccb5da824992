package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.conv.Kernel2d;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Adam;
import convkit.train.Sgd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results never depend on timing (issue 20): the same computations in fresh JVMs, cold on the
 * plain twins only ({@code -Dconvkit.warmup=twins}), cold on the vector kernels from the first call
 * ({@code -Dconvkit.warmup=false}: interpreted at first, compiled later), in the default mode (twins
 * until the background warm-up is done, whenever that is), and warm (vector kernels after
 * {@link Exec#warmUp()} and 30 repetitions), at 1 and 2 threads, give the same bits: a LeNet-5
 * forward, two SGD-momentum steps and an Adam step, and correlations of random sizes whose rows
 * end in vector tails.
 */
class ColdWarmBitsTest {

    /** Run in a child JVM: {@code threads [warm]}; prints one digest per computation. */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        boolean warm = args.length > 1 && args[1].equals("warm");
        if (warm) Exec.warmUp();
        Map<String, String> digests = null;
        for (int round = 0; round < (warm ? 30 : 1); round++) digests = compute(threads);
        digests.forEach((k, v) -> System.out.println(k + " " + v));
    }

    static Map<String, String> compute(int threads) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Backend backend = Backend.standard(threads);
        Sequential model = Models.lenet5(5);
        model.use(backend);
        Tensor x = Tensor.randn(Shape.of(16, 1, 28, 28), 11);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) labels[i] = (3 * i + 1) % 10;
        out.put("lenet-forward", digest(List.of(model.forward(x))));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Sgd sgd = new Sgd(0.9, false, 0);
        for (int step = 0; step < 2; step++) {
            model.zeroGrad();
            loss.forward(model.forward(x), labels);
            model.backward(loss.backward());
            sgd.step(model.params(), 0.05);
        }
        out.put("lenet-sgd-2-steps", digest(values(model)));
        Adam adam = new Adam(0.9, 0.999, 1e-8, 0);
        model.zeroGrad();
        loss.forward(model.forward(x), labels);
        model.backward(loss.backward());
        adam.step(model.params(), 0.001);
        out.put("lenet-adam-step", digest(values(model)));
        Random r = new Random(99);
        List<Tensor> maps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int h = 8 + r.nextInt(40), w = 8 + r.nextInt(40), u = 1 + r.nextInt(7), v = 1 + r.nextInt(7);
            maps.add(Kernel2d.of(Tensor.randn(Shape.of(u, v), 100 + i)).correlate(Tensor.randn(Shape.of(h, w), 200 + i)));
        }
        out.put("correlate-random-sizes", digest(maps));
        return out;
    }

    private static List<Tensor> values(Sequential model) {
        List<Tensor> t = new ArrayList<>();
        for (Param p : model.params()) t.add(p.value());
        return t;
    }

    private static String digest(List<Tensor> tensors) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Tensor t : tensors) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.buffer().length);
            for (float f : t.buffer()) b.putInt(Float.floatToRawIntBits(f));
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 24);
    }

    @Test
    void sameBitsColdAndWarmAtOneAndTwoThreads() throws Exception {
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        String cp = System.getProperty("java.class.path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, String> runs = new LinkedHashMap<>();
        for (String threads : new String[] {"1", "2"}) {
            runs.put("twins only, " + threads + " threads", run(java, cp, "-Dconvkit.warmup=twins", threads, "cold"));
            runs.put("vector from the first call, " + threads + " threads", run(java, cp, "-Dconvkit.warmup=false", threads, "cold"));
            runs.put("default (background warm-up), " + threads + " threads", run(java, cp, "-Dconvkit.warmup=true", threads, "cold"));
            runs.put("warm vector kernels, " + threads + " threads", run(java, cp, "-Dconvkit.warmup=true", threads, "warm"));
        }
        String first = runs.values().iterator().next();
        assertEquals(4, first.lines().count(), first);
        runs.forEach((what, digests) -> assertEquals(first, digests, what + " differs from " + runs.keySet().iterator().next()));
    }

    private static String run(Path java, String cp, String flag, String threads, String state) throws Exception {
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xmx512m", flag, "-cp", cp,
                ColdWarmBitsTest.class.getName(), threads, state).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), flag + " " + threads + " " + state + ": " + out);
        return out;
    }
}
