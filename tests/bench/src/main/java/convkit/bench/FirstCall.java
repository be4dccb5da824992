package convkit.bench;

import convkit.conv.Kernel2d;
import convkit.nn.Models;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Sgd;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a student feels in a fresh JVM (issue 20): the time of the first calls of one computation,
 * as a notebook cell or a JShell line makes them, then its warm time. Run by
 * {@code tests/bench/first_call.sh}, one process per measurement; prints one JSON line.
 *
 * <pre>
 * FirstCall correlate   Kernel2d.of(W 5x5).correlate(X 28x28), 15 calls, then warm
 * FirstCall forward     Models.lenet5(1).forward on a batch of 64 random 28x28 images, 15 calls, then warm
 * FirstCall train       one training step (forward, loss, backward, SGD momentum 0.9) on a batch of 64, 15 steps, then warm
 * </pre>
 *
 * The model and the data are built before the first timed call (the build is timed on its own);
 * {@code -Dfirstcall.pause=MS} waits that long between the build and the first call (a student reading).
 * "warm" is the median of the last 50 of {@code WARM} more calls (default 400; the JIT has then
 * compiled the kernels, with or without the library's own warm-up).
 */
public final class FirstCall {
    private static final int CALLS = 15;

    public static void main(String[] args) {
        long mainStart = System.nanoTime();
        String mode = args.length > 0 ? args[0] : "forward";
        int warmCalls = Integer.getInteger("firstcall.warm", 400);
        Runnable call;
        long buildStart = System.nanoTime();
        switch (mode) {
            case "correlate": {
                Tensor w = Tensor.randn(Shape.of(5, 5), 7), x = Tensor.rand(Shape.of(28, 28), 8);
                call = () -> Kernel2d.of(w).correlate(x);
                break;
            }
            case "forward": {
                Sequential model = Models.lenet5(1);
                Tensor x = Tensor.randn(Shape.of(64, 1, 28, 28), 2);
                call = () -> model.forward(x);
                break;
            }
            case "train": {
                Sequential model = Models.lenet5(1);
                Tensor x = Tensor.randn(Shape.of(64, 1, 28, 28), 2);
                int[] labels = new int[64];
                for (int i = 0; i < labels.length; i++) labels[i] = (i * 7) % 10;
                List<Param> params = model.params();
                Sgd sgd = new Sgd(0.9, false, 0);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
                call = () -> {
                    model.zeroGrad();
                    loss.forward(model.forward(x), labels);
                    model.backward(loss.backward());
                    sgd.step(params, 0.01);
                };
                break;
            }
            default:
                throw new IllegalArgumentException("FirstCall: mode must be correlate, forward or train, got '" + mode + "'");
        }
        long buildNanos = System.nanoTime() - buildStart;
        // a student's reading and typing between the cell that builds and the one that computes (0 unless asked)
        long pause = Long.getLong("firstcall.pause", 0);
        if (pause > 0) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double[] first = new double[CALLS];
        for (int i = 0; i < CALLS; i++) first[i] = time(call);
        List<Double> later = new ArrayList<>();
        for (int i = 0; i < warmCalls; i++) later.add(time(call));
        double[] tail = later.subList(Math.max(0, later.size() - 50), later.size()).stream().mapToDouble(d -> d).sorted().toArray();
        double warm = tail.length == 0 ? Double.NaN : tail[tail.length / 2];
        // after the timed calls: the management classes would otherwise add their loading to the first call
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainMs = System.currentTimeMillis() - (System.nanoTime() - mainStart) / 1_000_000;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "{\"system\": \"convkit\", \"mode\": \"%s\", \"jvm_to_main_ms\": %d, \"build_ms\": %.2f, \"calls_ms\": [",
                mode, mainMs - jvmStartMs, buildNanos / 1e6));
        for (int i = 0; i < first.length; i++) s.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", first[i]));
        s.append(String.format(Locale.ROOT, "], \"warm_ms\": %.3f, \"max_later_ms\": %.3f, \"threads\": %d}",
                warm, later.stream().mapToDouble(d -> d).max().orElse(Double.NaN), Runtime.getRuntime().availableProcessors()));
        System.out.println(s);
        if (Boolean.getBoolean("firstcall.debug")) System.err.println(Arrays.toString(first));
    }

    private static double time(Runnable call) {
        long t = System.nanoTime();
        call.run();
        return (System.nanoTime() - t) / 1e6;
    }
}
