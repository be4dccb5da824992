package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lag policy on made-up timings (no threads, no clock): what a quiet machine with hiccups, a
 * helper that keeps stalling, and a crowded machine each lead to. Times in microseconds x 1000.
 */
class LagPolicyTest {
    private static final long US = 1_000, MS = 1_000_000;
    private static final long WINDOW = 5 * MS, MIN = 2 * MS, MAX = 250 * MS;
    private static final Class<?> CONV = Integer.class, POOL = Long.class; // two kinds of call (any classes will do)

    private static LagPolicy policy() {
        return new LagPolicy(WINDOW, MIN, MAX, 0.75, 4, 0.85, 10 * MS, 1_000 * MS);
    }

    /** One window of parallel calls: {@code calls} calls of {@code wall} each, the caller alone needing {@code alone} each. */
    private static long window(LagPolicy p, Class<?> kind, long wall, long alone, long span, double onCpu, long now) {
        int calls = 0;
        while (!p.add(kind, 8, wall, alone, now)) calls++;
        assertTrue(calls < 10_000, "window never filled");
        return p.judge(span, onCpu, 1, now);
    }

    @Test
    void aQuietMachineWithARareHiccupStaysParallel() {
        LagPolicy p = policy();
        Random r = new Random(5);
        long now = 0;
        int solo = 0;
        for (int w = 0; w < 2_000; w++, now += WINDOW) {
            boolean hiccup = r.nextInt(20) == 0; // the host holds the helper back for 3 ms in one window of 20
            long wall = hiccup ? 800 * US : 500 * US; // 10 calls a window; helpers give 1.4x
            if (window(p, CONV, wall, 700 * US, 0, 0.97, now) > 0) solo++;
        }
        assertEquals(0, solo, "a single slow window among good ones sent the calls to one thread");
    }

    @Test
    void twoBadWindowsInARowCountAsLag() {
        LagPolicy p = policy();
        long now = 0;
        for (int w = 0; w < 20; w++, now += WINDOW) assertEquals(0, window(p, CONV, 500 * US, 700 * US, 0, 1, now));
        // a stalled helper: calls of 1 ms that alone take 0.3; the first such window is forgiven, the second is not
        assertEquals(0, window(p, CONV, 1000 * US, 300 * US, 0, 1, now));
        assertEquals(MIN, window(p, CONV, 1000 * US, 300 * US, 0, 1, now + WINDOW));
        assertEquals(LagPolicy.Verdict.LAG, p.verdict());
    }

    @Test
    void aHelperThatKeepsStallingGetsLongerSoloPeriodsUpToTheMaximum() {
        LagPolicy p = policy();
        long now = 0, expected = MIN;
        for (int lag = 0; lag < 12; lag++) {
            long solo = window(p, CONV, 1000 * US, 600 * US, 0, 1, now); // every window slower with helpers than alone
            assertEquals(expected, solo, "lag " + lag);
            expected = Math.min(2 * expected, MAX);
            now += solo + WINDOW;
        }
        assertEquals(MAX, expected);
    }

    @Test
    void aLagAfterALongGoodStretchStartsAgainAtTheShortestPeriod() {
        LagPolicy p = policy();
        long now = 0;
        for (int lag = 0; lag < 5; lag++) now += window(p, CONV, 1000 * US, 600 * US, 0, 1, now) + WINDOW; // escalated to 32 ms
        for (int w = 0; w < 10; w++, now += WINDOW) assertEquals(0, window(p, CONV, 500 * US, 700 * US, 0, 1, now));
        window(p, CONV, 1500 * US, 700 * US, 0, 1, now);
        assertEquals(MIN, window(p, CONV, 1500 * US, 700 * US, 0, 1, now + WINDOW));
    }

    /**
     * Beside a busy neighbour the caller's own speed, on which the estimate rests, is lower than
     * alone: the estimate says "helpers pay" (500 us against 700) while the calls cost 450 us alone.
     * The policy probes (runs alone, timed), then compares with that and finds the lag.
     */
    @Test
    void aCrowdedMachineIsProbedAndThenJudgedOnTheCostAlone() {
        LagPolicy p = policy();
        long now = 0;
        long probe = window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.65, now);
        assertEquals(10 * MS, probe, "a caller on a core 65% of the time should probe what the calls cost alone");
        assertEquals(LagPolicy.Verdict.PROBE, p.verdict());
        now += probe;
        for (int c = 0; c < 20; c++) p.alone(CONV, 8, 450 * US, now); // the calls during the probe
        assertEquals(MIN, window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.65, now + WINDOW),
                "parallel calls 500 us each, 450 us alone, and the code between them slower too: the helpers lose");
        assertEquals(LagPolicy.Verdict.LAG, p.verdict());
    }

    @Test
    void aCrowdedMachineWhereTheHelpersStillPayStaysParallel() {
        LagPolicy p = policy();
        long now = 0;
        now += window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.7, now);
        assertEquals(LagPolicy.Verdict.PROBE, p.verdict());
        for (int c = 0; c < 20; c++) p.alone(CONV, 8, 800 * US, now); // alone the calls cost 800 us: the helpers pay
        for (int w = 0; w < 100; w++, now += WINDOW) {
            assertEquals(0, window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.7, now), "window " + w);
        }
        // the costs alone get old: after two seconds the policy probes again (at most once a second)
        int probes = 0;
        for (int w = 0; w < 1_000; w++, now += WINDOW) {
            if (window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.7, now) > 0) {
                assertEquals(LagPolicy.Verdict.PROBE, p.verdict());
                for (int c = 0; c < 20; c++) p.alone(CONV, 8, 800 * US, now);
                probes++;
            }
        }
        assertTrue(probes >= 1 && probes <= 3, "5 s of crowded parallel calls probed " + probes + " times; expected about once per 2 s");
    }

    @Test
    void aQuietMachineIsNeverProbedAndCallsOfAnotherKindAreNotComparedWithACostAlone() {
        LagPolicy p = policy();
        long now = 0;
        for (int w = 0; w < 500; w++, now += WINDOW) assertEquals(0, window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.97, now));
        for (int c = 0; c < 20; c++) p.alone(POOL, 8, 100 * US, now); // pooling calls are cheap alone...
        for (int w = 0; w < 50; w++, now += WINDOW) {
            assertEquals(0, window(p, CONV, 500 * US, 700 * US, 5500 * US, 0.97, now), "...which says nothing about conv calls");
        }
    }

    @Test
    void aSpanWithLongPausesBetweenCallsIsNotCompared() {
        LagPolicy p = policy();
        long now = 0;
        for (int c = 0; c < 20; c++) p.alone(CONV, 8, 450 * US, now);
        // 5 ms of calls spread over 2 s (a student between notebook cells), caller mostly off a core: no judgement on that
        for (int w = 0; w < 10; w++, now += 2_000 * MS) assertEquals(0, window(p, CONV, 500 * US, 700 * US, 2_000 * MS, 0.01, now));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LagPolicy(WINDOW, MIN, MAX, 1.0, 4, 0.85, MS, MS));
        assertThrows(IllegalArgumentException.class, () -> new LagPolicy(WINDOW, MAX, MIN, 0.5, 4, 0.85, MS, MS));
        assertThrows(IllegalArgumentException.class, () -> new LagPolicy(WINDOW, MIN, MAX, 0.5, 4, 0.85, 2 * MS, MS));
    }
}
