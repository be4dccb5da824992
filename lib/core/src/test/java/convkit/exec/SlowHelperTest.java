package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.nn.Backend;
import convkit.nn.Models;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Sgd;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A helper that loses its core mid-task (the test hook {@code Exec.helperDelayNanos} makes it sleep
 * after taking each task): the caller takes the tasks nobody has started, notices the wait for the
 * started one, runs the next calls alone for a while, and every result keeps its bits.
 */
class SlowHelperTest {

    @BeforeEach
    @AfterEach
    void normalHelpers() {
        Exec.helperDelayNanos = 0;
        Exec.Lag.reset();
    }

    @Test
    void theCallerTakesTheTasksASlowHelperHasNotStartedAndThenRunsAlone() {
        Exec.helperDelayNanos = TimeUnit.MILLISECONDS.toNanos(20);
        int lags = Exec.Lag.LAGS.get();
        AtomicIntegerArray byWorker = new AtomicIntegerArray(2), runs = new AtomicIntegerArray(200);
        long start = System.nanoTime();
        Exec.threads(2).forEach(200, (t, w) -> {
            byWorker.incrementAndGet(w);
            runs.incrementAndGet(t);
            // 200 us of work per task, 40 ms in all: long enough for the helper to join even when its
            // thread is started or woken late on a busy machine (with 4 ms it sometimes never did, and no
            // one waited), while each task it takes still costs it a 20 ms delay
            spin(200_000);
        });
        long elapsed = System.nanoTime() - start;
        for (int t = 0; t < 200; t++) assertEquals(1, runs.get(t), "task " + t);
        // every task the helper runs costs it 20 ms of sleep: in the call's time it can have begun only this many
        long helperMax = elapsed / Exec.helperDelayNanos + 1;
        assertTrue(byWorker.get(1) <= helperMax && byWorker.get(0) >= 200 - helperMax, "the sleeping helper ran " + byWorker.get(1)
                + " tasks in " + elapsed / 1000 + " us; the caller should have taken all but those it began");
        assertTrue(Exec.Lag.LAGS.get() > lags, "the caller waited up to 20 ms for the helper's task, 40 ms of work, but saw no lag");
        assertTrue(Exec.Lag.soloUntil - start >= Exec.MIN_SOLO_NANOS, "after the lag the next calls should run on the caller alone for a while");
        Exec.Lag.soloUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a solo period that cannot run out during the check
        AtomicIntegerArray next = new AtomicIntegerArray(2);
        Exec.threads(2).forEach(50, (t, w) -> next.incrementAndGet(w));
        assertEquals(50, next.get(0), "a call during the solo period ran tasks on a helper");
    }

    @Test
    void gemmBitsDoNotDependOnWhoRunsATask() {
        Random r = new Random(3);
        for (int trial = 0; trial < 12; trial++) {
            int m = 8 + r.nextInt(120), n = 16 + r.nextInt(200), k = 8 + r.nextInt(150);
            boolean tb = r.nextBoolean();
            float[] a = random(r, m * k), b = random(r, k * n);
            float[] one = new float[m * n], slow = new float[m * n];
            Exec.helperDelayNanos = 0;
            Gemm.of(Exec.threads(1)).multiply(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, one, 0, n, false);
            Exec.helperDelayNanos = TimeUnit.MICROSECONDS.toNanos(300 + r.nextInt(2000));
            Exec.Lag.reset();
            Gemm.of(Exec.threads(2)).multiply(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, slow, 0, n, false);
            assertArrayEquals(one, slow, "m=" + m + " n=" + n + " k=" + k + " transB=" + tb + ": slow helper vs 1 thread");
        }
    }

    /** LeNet-5 and the wide CNN, a few SGD steps: the same weights on 1 thread, 2 threads, and 2 threads with a slow helper. */
    @Test
    void trainingStepsKeepTheirBitsWithASlowHelper() {
        for (String model : List.of("lenet5", "widecnn")) {
            float[][] one = train(model, 1, 0);
            float[][] two = train(model, 2, 0);
            float[][] slow = train(model, 2, TimeUnit.MICROSECONDS.toNanos(400));
            for (int p = 0; p < one.length; p++) {
                assertArrayEquals(one[p], two[p], model + ", parameter " + p + ": 2 threads vs 1");
                assertArrayEquals(one[p], slow[p], model + ", parameter " + p + ": 2 threads with a slow helper vs 1");
            }
        }
    }

    /**
     * Batches of 32 take the data-parallel training path at 2 threads (parts of 8 examples, each one
     * task): a helper that sleeps in every part it takes changes no bit.
     */
    @Test
    void dataParallelStepsKeepTheirBitsWithASlowHelper() {
        System.setProperty("convkit.dataparallel", "true"); // the path is off by default
        try {
            for (String model : List.of("lenet5", "cnn1")) {
                float[][] one = train(model, 1, 0, 32);
                float[][] slow = train(model, 2, TimeUnit.MICROSECONDS.toNanos(700), 32);
                for (int p = 0; p < one.length; p++) {
                    assertArrayEquals(one[p], slow[p], model + ", parameter " + p + ": 2 threads with a slow helper vs 1");
                }
            }
        } finally {
            System.clearProperty("convkit.dataparallel");
        }
    }

    private static float[][] train(String model, int threads, long helperDelay) {
        return train(model, threads, helperDelay, 8);
    }

    private static float[][] train(String model, int threads, long helperDelay, int batch) {
        Exec.Lag.reset();
        Exec.helperDelayNanos = helperDelay;
        try {
            Sequential net = Models.byName(model, 11);
            net.use(Backend.standard(threads));
            Sgd sgd = new Sgd(0.9, false, 0);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            for (int step = 0; step < 2; step++) {
                Tensor x = Tensor.randn(Shape.of(batch, 1, 28, 28), 40 + step);
                int[] y = new int[batch];
                for (int i = 0; i < batch; i++) y[i] = (i * 7 + step) % 10;
                net.zeroGrad();
                loss.forward(net.forward(x), y);
                net.accumulateGradients(loss.backward());
                sgd.step(net.params(), 0.01);
                Exec.Lag.reset(); // keep the helper in the game: every step has it take (and sit on) tasks
            }
            List<Param> params = net.params();
            float[][] out = new float[params.size()][];
            for (int p = 0; p < out.length; p++) out[p] = params.get(p).value().buffer().clone();
            return out;
        } finally {
            Exec.helperDelayNanos = 0;
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
