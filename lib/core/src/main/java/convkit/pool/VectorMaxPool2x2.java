package convkit.pool;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2} on the Vector API, the forward pass for maps at least a vector wide, the
 * backward for maps at least 3/4 of one (narrower ones go to the plain loop, faster there than
 * gathers and scatters on JDK 17). Both passes work on whole
 * rows: one vector of the top input row and one of the row below hold L/2 windows side by side;
 * in-register shuffles bring each window's corners together (forward) or copy each window's
 * corners to both of its lanes, lane masks for the winners (backward), so dx is written with two
 * plain stores. Loaded only when the Vector API module is present ({@link
 * convkit.exec.Exec#vectorApi()}).
 */
final class VectorMaxPool2x2 implements MaxPool2x2.Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane l reads lane l & ~1 (the window's left corner) or l | 1 (its right corner). */
    private static final VectorShuffle<Float> LEFT = VectorShuffle.fromOp(S, l -> l & ~1), RIGHT = VectorShuffle.fromOp(S, l -> l | 1);
    /** dy of window l / 2, for the lanes of L/2 windows: an index map for a gather from one row of dy. */
    private static final int[] HALF = new int[L];
    private static final VectorMask<Float> EVEN;

    static {
        boolean[] even = new boolean[L];
        for (int l = 0; l < L; l++) {
            HALF[l] = l / 2;
            even[l] = l % 2 == 0;
        }
        EVEN = VectorMask.fromArray(S, even, 0);
    }

    /** Lane k (k < L/2) reads lane 2k (a window's left corner) or 2k + 1 (its right corner); the upper lanes wrap around (unused). */
    private static final VectorShuffle<Float> PICK_LEFT = VectorShuffle.fromOp(S, l -> (2 * l) % L), PICK_RIGHT = VectorShuffle.fromOp(S, l -> (2 * l + 1) % L);

    /**
     * Maps at least L wide, row by row, as the backward pass: a vector of the top input row and one
     * of the row below hold L/2 windows side by side; shuffles bring each window's two left and two
     * right corners together, and lane k gets max(max(a, b), max(c, d)) of window k, the plain
     * loop's order. The vector is stored whole: its upper L/2 lanes (garbage) land on outputs that
     * a later store of this row, of the next window row or the plain loop writes again, so only
     * window rows whose spill stays inside this block's outputs are done here. Narrower maps go to
     * the plain loop: the vector way there gathers the corners of L windows, which JDK 17's C2
     * leaves slower than the plain loop (LeNet-5's 10-wide pool2, layer level: 0.092 against
     * 0.082-0.087 ms).
     */
    @Override
    public int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
        if (w < L) return 0;
        int w2 = w / 2, rows = Math.max(0, (outputs - L / 2) / w2);
        for (int r = 0; r < rows; r++) {
            int top = xOff + 2 * r * w, out = yOff + r * w2;
            for (int j = 0; j < w; j += L) {
                int col = Math.min(j, w - L);
                FloatVector t = FloatVector.fromArray(S, x, top + col), u = FloatVector.fromArray(S, x, top + w + col);
                FloatVector ab = t.rearrange(PICK_LEFT).max(t.rearrange(PICK_RIGHT)), cd = u.rearrange(PICK_LEFT).max(u.rearrange(PICK_RIGHT));
                ab.max(cd).intoArray(y, out + col / 2);
            }
        }
        return rows * w2;
    }

    @Override
    public int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
        if (w >= L) return backwardRows(x, xOff, w, dy, yOff, dx, outputs);
        if (4 * w > 3 * L) return backwardNarrowRows(x, xOff, w, dy, yOff, dx, outputs);
        // Narrower maps (LeNet-5's 10-wide pool2 with 16 lanes): the plain loop. The vector way there
        // gathers the four corners of L windows and scatters dx back; JDK 17's C2 leaves those with
        // per-call heap objects (~770 KB of garbage per LeNet-5 step at batch 64) and the plain loop
        // was ~2x faster (pool2 backward 0.18-0.19 ms against 0.35-0.48 ms, 1 thread, steady state).
        return 0;
    }

    /**
     * Row by row: the windows cover whole maps, so window row r has its top corners at
     * x[xOff + 2*r*w ...] and its outputs at dy[yOff + r*w/2 ...]. A row whose width is not a
     * multiple of L ends with a vector that overlaps the one before by whole windows (w and L are
     * even), which writes the same values again.
     */
    private static int backwardRows(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs) {
        FloatVector zero = FloatVector.zero(S);
        int w2 = w / 2, rows = outputs / w2;
        for (int r = 0; r < rows; r++) {
            int top = xOff + 2 * r * w, out = yOff + r * w2;
            for (int j = 0; j < w; j += L) {
                int col = Math.min(j, w - L);
                FloatVector t = FloatVector.fromArray(S, x, top + col), u = FloatVector.fromArray(S, x, top + w + col);
                FloatVector a = t.rearrange(LEFT), b = t.rearrange(RIGHT), c = u.rearrange(LEFT), d = u.rearrange(RIGHT);
                FloatVector g = FloatVector.fromArray(S, dy, out + col / 2, HALF, 0);
                VectorMask<Float> bWins = b.compare(VectorOperators.GT, a);
                FloatVector best = a.blend(b, bWins);
                VectorMask<Float> cWins = c.compare(VectorOperators.GT, best);
                best = best.blend(c, cWins);
                VectorMask<Float> dTakes = d.compare(VectorOperators.GT, best);
                VectorMask<Float> cTakes = cWins.andNot(dTakes);
                VectorMask<Float> bTakes = bWins.andNot(cWins).andNot(dTakes);
                VectorMask<Float> aTakes = bWins.or(cWins).or(dTakes).not();
                // left lanes take the left corner's decision, right lanes the right one's
                zero.blend(g, aTakes.and(EVEN).or(bTakes.andNot(EVEN))).intoArray(dx, top + col);
                zero.blend(g, cTakes.and(EVEN).or(dTakes.andNot(EVEN))).intoArray(dx, top + w + col);
            }
        }
        return rows * w2;
    }

    /**
     * Maps narrower than a vector but wider than 3/4 of one (14 wide with 16 lanes): one vector
     * from the start of each of a window row's two input rows, as in {@link #backwardRows}. Its
     * last L - w lanes belong to the next row: they are computed from the wrong corners and
     * stored, but the next store (the row below, or the next window row's top row) writes over
     * them. So the last window row, which has no next one, is left to the plain loop, as is every
     * read and write past the block.
     */
    private static int backwardNarrowRows(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs) {
        FloatVector zero = FloatVector.zero(S);
        int w2 = w / 2, rows = outputs / w2 - 1;
        for (int r = 0; r < rows; r++) {
            int top = xOff + 2 * r * w, out = yOff + r * w2;
            FloatVector t = FloatVector.fromArray(S, x, top), u = FloatVector.fromArray(S, x, top + w);
            FloatVector a = t.rearrange(LEFT), b = t.rearrange(RIGHT), c = u.rearrange(LEFT), d = u.rearrange(RIGHT);
            FloatVector g = FloatVector.fromArray(S, dy, out, HALF, 0);
            // backwardRows' steps, written out again on purpose: moved into one method that both call,
            // C2 did not inline it and the vectors became heap objects (2.5x slower on 28- and 14-wide maps)
            VectorMask<Float> bWins = b.compare(VectorOperators.GT, a);
            FloatVector best = a.blend(b, bWins);
            VectorMask<Float> cWins = c.compare(VectorOperators.GT, best);
            best = best.blend(c, cWins);
            VectorMask<Float> dTakes = d.compare(VectorOperators.GT, best);
            VectorMask<Float> cTakes = cWins.andNot(dTakes);
            VectorMask<Float> bTakes = bWins.andNot(cWins).andNot(dTakes);
            VectorMask<Float> aTakes = bWins.or(cWins).or(dTakes).not();
            zero.blend(g, aTakes.and(EVEN).or(bTakes.andNot(EVEN))).intoArray(dx, top);
            zero.blend(g, cTakes.and(EVEN).or(dTakes.andNot(EVEN))).intoArray(dx, top + w);
        }
        return Math.max(0, rows) * w2;
    }
}
