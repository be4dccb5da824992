package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void theCallerTakesTasksFromTheFrontAndTheHelperFromTheBack() {
        Exec.Lag.reset();
        for (int call = 0; call < 50; call++) {
            int tasks = 2 + call % 40;
            AtomicIntegerArray by = new AtomicIntegerArray(tasks);
            Exec.threads(2).forEach(tasks, (t, worker) -> by.set(t, worker));
            // whoever ran more, the caller's tasks are a first part and the helper's the rest
            int firstHelper = tasks;
            for (int t = 0; t < tasks; t++) if (by.get(t) == 1) { firstHelper = t; break; }
            for (int t = firstHelper; t < tasks; t++) assertEquals(1, by.get(t), "task " + t + " of " + tasks + " after the helper's first, " + firstHelper);
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

    @Test
    void callsFromSeveralThreadsAtOnceAllComplete() throws Exception {
        // one call at a time gets the helpers; the others run on their own thread: all must finish, each task once
        int callers = 4, calls = 300;
        Thread[] ts = new Thread[callers];
        AtomicInteger failures = new AtomicInteger();
        for (int c = 0; c < callers; c++) {
            int threads = 2 + c % 2;
            ts[c] = new Thread(() -> {
                Exec exec = Exec.threads(threads);
                for (int call = 0; call < calls; call++) {
                    int tasks = 1 + call % 9;
                    AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                    exec.forEach(tasks, (t, worker) -> {
                        if (worker < 0 || worker >= threads) failures.incrementAndGet();
                        runs.incrementAndGet(t);
                    });
                    for (int t = 0; t < tasks; t++) if (runs.get(t) != 1) failures.incrementAndGet();
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a caller did not finish within a minute");
        }
        assertEquals(0, failures.get(), "tasks run other than once, or on a worker outside the budget");
    }

    @Test
    void aCallFromInsideATaskRunsToo() {
        Exec exec = Exec.threads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(4 * 5);
        exec.forEach(4, (outer, w) -> exec.forEach(5, (inner, w2) -> runs.incrementAndGet(outer * 5 + inner)));
        for (int i = 0; i < runs.length(); i++) assertEquals(1, runs.get(i), "nested task " + i);
    }

    @Test
    void helpersThatParkedOrEndedAreBackForTheNextCall() throws Exception {
        long idle = Exec.idleNanos;
        try {
            Exec.idleNanos = TimeUnit.MILLISECONDS.toNanos(50);
            Exec exec = Exec.threads(2);
            assertTrue(twoTasksRanAtOnce(exec), "first call");
            Thread.sleep(5); // past the spin: the helper parks
            assertTrue(twoTasksRanAtOnce(exec), "a parked helper was not woken");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (firstHelpers() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(0, firstHelpers(), "an idle helper should end after the idle time");
            assertTrue(twoTasksRanAtOnce(exec), "no helper was started again after the old ones ended");
        } finally {
            Exec.idleNanos = idle;
        }
    }

    /** True when the two tasks of one call ran at the same time, on two threads (each waits for the other to start). */
    private static boolean twoTasksRanAtOnce(Exec exec) {
        Exec.Lag.reset(); // a lag seen by an earlier test (many callers at once) would run this call on the caller alone
        CountDownLatch started = new CountDownLatch(2);
        boolean[] met = new boolean[2];
        exec.forEach(2, (t, w) -> {
            started.countDown();
            try {
                met[t] = started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return met[0] && met[1];
    }

    /** Live helper threads that serve as worker 1 (helpers of earlier tests for other workers may still wait out their old idle time). */
    private static long firstHelpers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("convkit-exec-1-") && t.isAlive()).count();
    }
}
