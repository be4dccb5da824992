package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JIT warm-up reaches every vector kernel, and its small inputs fit any vector width. */
class VectorWarmUpTest {

    /** Counts the calls of each kernel entry point and passes them on. */
    static final class Counting implements GemmKernels {
        final Map<String, Integer> calls = new TreeMap<>();
        final GemmKernels gemm;

        Counting(GemmKernels gemm) {
            this.gemm = gemm;
        }

        private void count(String what) {
            calls.merge(what, 1, Integer::sum);
        }

        @Override
        public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("broadcast " + m + "x" + n);
            gemm.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, acc);
        }

        @Override
        public void dot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("dot " + m + "x" + n);
            gemm.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, acc);
        }
    }

    @Test
    void everyGemmKernelIsCalledAsOftenAsAsked() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        Counting k = new Counting(Simd.kernels(true));
        VectorWarmUp.run(k, VectorGemmKernels.lanes(), 8);
        int l = VectorGemmKernels.lanes();
        // every call: the trimmed shapes (6x4 tile + tail, 8x3 + 8x2, 8x1, 4x4, 1x4 + 1x1, dot 4x4 with a tail, dot 4x2);
        // every 8th call (1 of 8): the shapes that take the drivers' other branches
        Map<String, Integer> expected = new TreeMap<>();
        for (String call : new String[] {"broadcast 6x" + (4 * l + 3), "broadcast 8x" + 5 * l, "broadcast 8x" + l, "broadcast 4x" + 4 * l, "broadcast 1x" + 5 * l,
            "dot 4x4", "dot 4x2"}) expected.put(call, 8);
        for (String call : new String[] {"broadcast 6x" + (5 * l + 5), "broadcast 13x" + 5 * l, "broadcast 9x" + (l + 3)}) expected.put(call, 1);
        expected.put("dot 6x6", 2); // with a tail of products and without
        assertEquals(expected, k.calls);
    }

    @Test
    void theInputsFitEveryVectorWidth() {
        // the plain loops read and write every value the vector loops would, with Java's bounds checks
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) VectorWarmUp.run(ScalarGemmKernels.INSTANCE, lanes, 2);
    }

    /** Owner keys of the registrations below (one group of loops each). */
    private static final class Quiet {}
    private static final class Loud {}
    private static final class Settling {}

    /** Where the warm-ups below put what they allocate, so that no compiler drops the allocation. */
    static volatile Object sink;

    /**
     * The other packages' loops come in through Exec.addWarmUp. A warm-up that allocates nothing
     * (as compiled vector code) runs its calls in chunks until half of them are done, then its
     * switch says warm; a second registration for the same owner is ignored.
     */
    @Test
    void aWarmUpThatAllocatesNothingRunsHalfItsCallsThenItsSwitchTurns() {
        assumeTrue(Simd.AVAILABLE && WarmUps.MODE == WarmUps.Mode.BACKGROUND, "needs --add-modules jdk.incubator.vector and the warm-up in its default mode");
        java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.BooleanSupplier warm = Exec.addWarmUp(Quiet.class, got::addAndGet);
        java.util.function.BooleanSupplier again = Exec.addWarmUp(Quiet.class, calls -> got.addAndGet(1000 * calls)); // a second one for the same owner is ignored
        assertTrue(warm == again, "one switch per owner");
        Exec.warmUp(); // runs what the background thread has not taken, and waits for the rest
        assertTrue(warm.getAsBoolean());
        int chunk = VectorWarmUp.CALLS / WarmUps.CHUNKS;
        // the first quiet chunk from MIN_CHUNKS on turns the switch; a chunk another thread took meanwhile may still run
        assertTrue(got.get() >= (WarmUps.MIN_CHUNKS + 1) * chunk && got.get() <= (WarmUps.MIN_CHUNKS + 2) * chunk, "calls run: " + got.get());
        assertFalse(Exec.warmUp(), "nothing left to do");
    }

    /** A warm-up whose calls keep allocating (vector code C2 has not compiled) runs up to MAX_CHUNKS chunks before its switch turns anyway. */
    @Test
    void aWarmUpThatKeepsAllocatingRunsItsExtraChunks() {
        assumeTrue(Simd.AVAILABLE && WarmUps.MODE == WarmUps.Mode.BACKGROUND && WarmUps.Allocation.KNOWN,
                "needs --add-modules jdk.incubator.vector, the warm-up in its default mode and HotSpot's allocation counter");
        java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.BooleanSupplier warm = Exec.addWarmUp(Loud.class, calls -> {
            for (int i = 0; i < calls; i++) sink = new byte[2000];
            got.addAndGet(calls);
        });
        Exec.warmUp();
        assertTrue(warm.getAsBoolean());
        assertEquals(WarmUps.MAX_CHUNKS * (VectorWarmUp.CALLS / WarmUps.CHUNKS), got.get());
    }

    /** A warm-up that allocates until its code is compiled stops at the first chunk that does not, past MIN_CHUNKS. */
    @Test
    void aWarmUpStopsOnceItsCallsNoLongerAllocate() {
        assumeTrue(Simd.AVAILABLE && WarmUps.MODE == WarmUps.Mode.BACKGROUND && WarmUps.Allocation.KNOWN,
                "needs --add-modules jdk.incubator.vector, the warm-up in its default mode and HotSpot's allocation counter");
        int chunk = VectorWarmUp.CALLS / WarmUps.CHUNKS, settledAfter = 60 * chunk;
        java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.BooleanSupplier warm = Exec.addWarmUp(Settling.class, calls -> {
            if (got.getAndAdd(calls) < settledAfter) for (int i = 0; i < calls; i++) sink = new byte[2000];
        });
        Exec.warmUp();
        assertTrue(warm.getAsBoolean());
        assertTrue(got.get() >= settledAfter + chunk && got.get() <= settledAfter + 2 * chunk, "calls run: " + got.get());
    }

    @Test
    void aChunkIsQuietWhenItAllocatesLittleOrUnderAThirtySecondOfTheMost() {
        assertTrue(WarmUps.quiet(0, 0));
        assertTrue(WarmUps.quiet(WarmUps.QUIET_BYTES, WarmUps.QUIET_BYTES)); // the scratch arrays of a chunk
        assertFalse(WarmUps.quiet(WarmUps.QUIET_BYTES + 1, WarmUps.QUIET_BYTES + 1));
        assertTrue(WarmUps.quiet(300_000, 32 * 300_000)); // a loop C2 left with a heap object (JDK 17's gathers)
        assertFalse(WarmUps.quiet(300_001, 32 * 300_000));
        assertFalse(WarmUps.quiet(-1, 0), "no counter: never quiet");
    }

    @Test
    void theSystemPropertysValues() {
        assertEquals(WarmUps.Mode.BACKGROUND, WarmUps.Mode.of(null));
        assertEquals(WarmUps.Mode.BACKGROUND, WarmUps.Mode.of("true"));
        assertEquals(WarmUps.Mode.BACKGROUND, WarmUps.Mode.of("yes please")); // a typo in a speed setting changes nothing
        assertEquals(WarmUps.Mode.OFF, WarmUps.Mode.of("FALSE"));
        assertEquals(WarmUps.Mode.TWINS, WarmUps.Mode.of("twins"));
    }
}
