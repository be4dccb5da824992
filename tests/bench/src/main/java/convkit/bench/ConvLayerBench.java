package convkit.bench;

import convkit.conv.Conv2dKernels;
import convkit.conv.ConvSpec;
import convkit.conv.OutputSize;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Convolutions at batch 64, forward and backward (input gradient + weight gradient + bias
 * gradient), on the fast path at 1 and 2 threads and on the reference path: the two of LeNet-5
 * (conv1, conv2) and the three of the wide CNN ({@code Models.wideCnn}: wide1, wide2, wide3).
 * Outputs go into tensors allocated once, so the allocation JMH's GC profiler reports is the
 * kernels' own (it should be near zero for the fast path: a burst of garbage would mean the
 * Vector API calls were not inlined and vectors became heap objects).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvLayerBench {
    /**
     * conv1: 64x1x28x28 with 6x1x5x5, padding 2; conv2: 64x6x14x14 with 16x6x5x5; wide1: 64x1x28x28
     * with 32x1x3x3, wide2: 64x32x28x28 with 64x32x3x3, wide3: 64x64x14x14 with 128x64x3x3, all padding 1.
     */
    @Param({"conv1", "conv2", "wide1", "wide2", "wide3"})
    public String layer;

    @Param({"fast", "reference"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    Conv2dKernels kernels;
    Tensor x, w, b, y, dy, dx, dw, db;
    ConvSpec spec;

    static Shape input(String layer) {
        return switch (layer) {
            case "conv1", "wide1" -> Shape.of(64, 1, 28, 28);
            case "conv2" -> Shape.of(64, 6, 14, 14);
            case "wide2" -> Shape.of(64, 32, 28, 28);
            case "wide3" -> Shape.of(64, 64, 14, 14);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    static Shape weights(String layer) {
        return switch (layer) {
            case "conv1" -> Shape.of(6, 1, 5, 5);
            case "conv2" -> Shape.of(16, 6, 5, 5);
            case "wide1" -> Shape.of(32, 1, 3, 3);
            case "wide2" -> Shape.of(64, 32, 3, 3);
            case "wide3" -> Shape.of(128, 64, 3, 3);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    static ConvSpec spec(String layer) {
        return switch (layer) {
            case "conv1" -> ConvSpec.padding(2);
            case "conv2" -> ConvSpec.DEFAULT;
            default -> ConvSpec.padding(1);
        };
    }

    /** Multiply-adds x 2 of one forward pass; the backward pass does twice this (input and weight gradients). */
    static double forwardFlops(String layer) {
        Shape out = OutputSize.conv2d(input(layer), weights(layer), spec(layer));
        Shape w = weights(layer);
        return 2.0 * out.size() * w.dim(1) * w.dim(2) * w.dim(3);
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernels = impl.equals("fast") ? Conv2dKernels.fast(Exec.threads(threads)) : Conv2dKernels.reference();
        spec = spec(layer);
        x = Tensor.randn(input(layer), 1);
        w = Tensor.randn(weights(layer), 2);
        b = Tensor.randn(Shape.of(w.dim(0)), 3);
        Shape out = OutputSize.conv2d(x.shape(), w.shape(), spec);
        y = Tensor.zeros(out);
        dy = Tensor.randn(out, 4);
        dx = Tensor.zeros(x.shape());
        dw = Tensor.zeros(w.shape());
        db = Tensor.zeros(w.dim(0));
    }

    @Benchmark
    public Tensor forward() {
        return kernels.forward(x, w, b, spec, y);
    }

    @Benchmark
    public Tensor backward() {
        kernels.backwardParams(dy, x, w.shape(), spec, dw, db); // what nn.Conv2d calls: weight and bias gradients in one
        return kernels.backwardInput(dy, w, x.shape(), spec, dx);
    }
}
