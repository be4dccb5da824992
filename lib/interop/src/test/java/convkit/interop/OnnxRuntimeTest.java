package convkit.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import convkit.conv.ConvSpec;
import convkit.data.Normalization;
import convkit.nn.CustomLayer;
import convkit.nn.Sequential;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX exports run in the real ONNX Runtime (its Java API, CPU natives from Maven Central) and give ConvKit's numbers. */
class OnnxRuntimeTest {
    /** float32 sums in another order (ONNX Runtime's kernels against ConvKit's GEMM): logits of size ~10 agree to a few ulps. */
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    /** Runs the model file on {@code x} (N, ...) and returns the single output, flattened. */
    static float[] run(Path model, Tensor x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), opts)) {
                long[] shape = new long[x.rank()];
                for (int i = 0; i < shape.length; i++) shape[i] = x.dim(i);
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.buffer(), 0, x.size()), shape);
                     OrtSession.Result r = session.run(Map.of("input", in))) {
                    assertEquals(1, r.size());
                    OnnxTensor out = (OnnxTensor) r.get(0);
                    assertEquals(x.dim(0), out.getInfo().getShape()[0], "batch dimension of the output");
                    FloatBuffer fb = out.getFloatBuffer();
                    float[] v = new float[fb.remaining()];
                    fb.get(v);
                    return v;
                }
            }
        }
    }

    @Test
    void trainedLeNet5GivesConvKitsLogitsOnAThousandTestImages() throws Exception {
        var f = TrainedLeNet.get();
        Path file = dir.resolve("lenet5.onnx");
        Onnx.export(f.checkpoint(), file, Onnx.Options.DEFAULT);   // normalisation inside: ONNX Runtime gets raw pixels
        float[] ort = run(file, f.images(TrainedLeNet.COMPARED));
        float[] convkit = f.logits().buffer();
        double diff = TrainedLeNet.maxAbsDiff(convkit, ort);
        System.out.printf("ONNX Runtime vs ConvKit, LeNet-5, %d test images: max |logit difference| = %.3g%n", TrainedLeNet.COMPARED, diff);
        assertTrue(diff <= TOLERANCE, "max |logit difference| " + diff);
        int[] a = TrainedLeNet.argmax(convkit, 10), b = TrainedLeNet.argmax(ort, 10);
        assertArrayEquals(a, b, "predicted classes");
        // the model learnt something, so the comparison is of a real classifier and not of noise
        int correct = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == f.test().labels()[i]) correct++;
        assertTrue(correct > 600, correct + " of 1000 correct");
        // written with the permissions any new file gets here (the umask's), not a temporary file's 0600
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")))),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void softmaxOutputAndAnyBatchSize() throws Exception {
        var f = TrainedLeNet.get();
        Path file = dir.resolve("probs.onnx");
        Onnx.export(f.checkpoint(), file, Onnx.Options.DEFAULT.withSoftmax(true));
        for (int n : new int[] {1, 7}) {
            Tensor x = f.images(n);
            float[] ort = run(file, x);
            float[] convkit = f.model().predict(f.checkpoint().normalization().apply(x)).buffer();
            assertTrue(TrainedLeNet.maxAbsDiff(convkit, ort) <= 1e-6, "batch " + n + ": " + TrainedLeNet.maxAbsDiff(convkit, ort));
        }
    }

    /** Every layer kind and option: stride, padding, dilation (rectangular too), no bias, both poolings with padding and stride, Sigmoid, Tanh, Dropout. */
    static Sequential everyLayer(long seed) {
        var net = Sequential.input(3, 17, 15)
                .conv2d(5, 3, new ConvSpec(2, 1, 1, 2, 1, 2, convkit.conv.Rounding.FLOOR)).tanh()
                .add(new convkit.nn.AvgPool2d(PoolSpec.avg(3).withStride(2).withPadding(1).floor()))
                .add(new convkit.nn.Conv2d(5, 4, 2, ConvSpec.dilation(2).floor(), false)).sigmoid()
                .add(new convkit.nn.MaxPool2d(PoolSpec.max(2).withStride(1).withPadding(1)))
                .flatten().dropout(0.3, 1).dense(9).relu().dense(4)
                .build(seed);
        for (var p : net.params()) p.value().addi(Tensor.randn(p.value().shape(), seed + 1).scale(0.2));
        return net;
    }

    @Test
    void everyLayerKindMatches() throws Exception {
        Sequential net = everyLayer(3);
        net.setTraining(false);
        Tensor x = Tensor.randn(Shape.of(6, 3, 17, 15), 5);
        Path file = dir.resolve("every.onnx");
        Onnx.export(net, net.exampleShape(), file);
        float[] ort = run(file, x);
        float[] convkit = net.forward(x).buffer();
        assertTrue(TrainedLeNet.maxAbsDiff(convkit, ort) <= TOLERANCE, "max diff " + TrainedLeNet.maxAbsDiff(convkit, ort));
        // with a normalisation node in front: ONNX Runtime gets x, ConvKit gets (x - mean) / std
        Normalization norm = new Normalization(0.5, 2);
        Onnx.export(net, net.exampleShape(), file, Onnx.Options.DEFAULT.withNormalization(norm));
        assertTrue(TrainedLeNet.maxAbsDiff(net.forward(norm.apply(x)).buffer(), run(file, x)) <= TOLERANCE);
    }

    @Test
    void aCustomLayerFailsNamingItAndTheWayOut() {
        CustomLayer square = new CustomLayer() {
            public Tensor forward(Tensor x) { return x.mul(x); }
            public Tensor backward(Tensor d) { throw new UnsupportedOperationException(); }
            public Shape outputShape(Shape in) { return in; }
            @Override public String toString() { return "Square"; }
        };
        Sequential net = Sequential.input(1, 8, 8).conv2d(2, 3).add(square).flatten().dense(3).build(1);
        Path file = dir.resolve("custom.onnx");
        var e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(net, net.exampleShape(), file));
        assertTrue(e.getMessage().startsWith("cannot export layers.1 (convkit.interop.OnnxRuntimeTest$1: Square) to ONNX"), e.getMessage());
        assertTrue(e.getMessage().contains("Ways out: build the model from built-in layers"), e.getMessage());
        assertTrue(!Files.exists(file), "nothing is written");
        var p = assertThrows(IllegalArgumentException.class, () -> PyTorch.export(net, net.exampleShape(), null, java.util.List.of(), dir.resolve("custom.py")));
        assertTrue(p.getMessage().startsWith("cannot export layers.1 (convkit.interop.OnnxRuntimeTest$1: Square) to PyTorch"), p.getMessage());
        assertTrue(!Files.exists(dir.resolve("custom.py")) && !Files.exists(dir.resolve("custom_weights.safetensors")), "nothing is written");
    }
}
