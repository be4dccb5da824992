package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ExecTest {

    @Test
    void everyTaskRunsOnceOnAValidWorker() {
        for (int threads : new int[] {1, 2, 4, 7}) {
            Exec exec = Exec.threads(threads);
            for (int tasks : new int[] {0, 1, 3, 100}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(tasks, 1));
                exec.forEach(tasks, (t, worker) -> {
                    assertTrue(worker >= 0 && worker < threads, "worker " + worker + " outside 0.." + (threads - 1));
                    runs.incrementAndGet(t);
                });
                for (int t = 0; t < tasks; t++) assertEquals(1, runs.get(t), "task " + t + " of " + tasks + " on " + threads + " threads");
            }
        }
    }

    @Test
    void aTaskFailureReachesTheCaller() {
        var e = assertThrows(IllegalStateException.class,
                () -> Exec.threads(3).forEach(10, (t, w) -> { if (t == 7) throw new IllegalStateException("task 7 failed"); }));
        assertEquals("task 7 failed", e.getMessage());
    }

    @Test
    void badThreadCountsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Exec.threads(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertEquals(Runtime.getRuntime().availableProcessors(), Exec.defaults().threads());
    }

    @Test
    void scalarSwitchesSimdOff() {
        assertTrue(!Exec.threads(2).scalar().simd());
        assertEquals(2, Exec.threads(2).scalar().threads());
        // the test JVM is started with --add-modules jdk.incubator.vector (see the surefire argLine)
        assertTrue(Exec.threads(2).simd(), "the Vector API should be available in the tests");
    }
}
