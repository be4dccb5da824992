package convkit.pool;

import convkit.exec.Epilogue;
import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * The fast path of max and average pooling: the same windows as {@link ReferencePool2d}, with
 * direct array indexing, window bounds clipped once per row instead of tested per element, float
 * sums, and the (N*C) feature maps split over threads in fixed blocks. Every map is written by
 * one task in one fixed order, so the results do not depend on the thread count.
 */
final class FastPool2d implements Pool2dKernels {
    /** Feature maps per task are chosen so a task touches at least this many input values. */
    private static final int MIN_TASK_VALUES = 1 << 14;

    /** Behind {@link Pool2dKernels#standard()}; holds no scratch state (only immutable index tables), so sharing it is safe. */
    static final FastPool2d STANDARD = new FastPool2d(Exec.defaults());

    static {
        MaxPool2x2.registerWarmUp(); // a model with a pooling layer exists: its vector loops are worth warming up
    }

    private final Exec exec;

    FastPool2d(Exec exec) {
        this.exec = exec;
    }

    @Override
    public Tensor forward(Tensor x, PoolSpec spec) {
        return forward(x, spec, null);
    }

    @Override
    public Tensor forward(Tensor x, PoolSpec s, Tensor out) {
        Shape yShape = PoolChecks.outputShape(x.shape(), s);
        Tensor y = PoolChecks.outputOrNew(out, yShape, "forward: out");
        int h = x.dim(2), w = x.dim(3), h2 = yShape.dim(2), w2 = yShape.dim(3);
        int k = s.window(), st = s.stride(), pad = s.padding();
        boolean max = s.kind() == PoolSpec.Kind.MAX;
        float inv = 1f / (k * k);
        float[] xs = x.buffer(), ys = y.buffer();
        if (k == 2 && st == 2 && pad == 0 && max && h == 2 * h2 && w == 2 * w2) { // the common case: SIMD, no branches
            int[] corners = corners(h, w, mapsPerTask(x.dim(0) * x.dim(1), h * w));
            forEachMapBlock(x.dim(0) * x.dim(1), h * w, (m0, m1) ->
                    MaxPool2x2.forward(exec.simd(), xs, m0 * h * w, w, ys, m0 * h2 * w2, (m1 - m0) * h2 * w2, corners));
            return y;
        }
        if (k == 2 && st == 2 && pad == 0) { // the common 2x2 case, without the window loops
            forEachMapBlock(x.dim(0) * x.dim(1), h * w, (m0, m1) -> {
                for (int map = m0; map < m1; map++) {
                    int xb = map * h * w, yb = map * h2 * w2;
                    for (int i = 0; i < h2; i++) {
                        int r0 = xb + 2 * i * w, r1 = r0 + w, yr = yb + i * w2;
                        for (int j = 0; j < w2; j++) {
                            float a = xs[r0 + 2 * j], b = xs[r0 + 2 * j + 1], c = xs[r1 + 2 * j], d = xs[r1 + 2 * j + 1];
                            ys[yr + j] = max ? Math.max(Math.max(a, b), Math.max(c, d)) : ((a + b) + (c + d)) * inv;
                        }
                    }
                }
            });
            return y;
        }
        forEachMapBlock(x.dim(0) * x.dim(1), h * w, (m0, m1) -> {
            for (int map = m0; map < m1; map++) {
                int xb = map * h * w, yb = map * h2 * w2;
                for (int i = 0; i < h2; i++) {
                    int r0 = Math.max(0, i * st - pad), r1 = Math.min(h, i * st - pad + k);
                    for (int j = 0; j < w2; j++) {
                        int c0 = Math.max(0, j * st - pad), c1 = Math.min(w, j * st - pad + k);
                        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                        for (int r = r0; r < r1; r++) {
                            int row = xb + r * w;
                            if (max) {
                                for (int c = c0; c < c1; c++) acc = Math.max(acc, xs[row + c]);
                            } else {
                                for (int c = c0; c < c1; c++) acc += xs[row + c];
                            }
                        }
                        ys[yb + i * w2 + j] = max ? acc : acc * inv;
                    }
                }
            }
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, Tensor x, PoolSpec spec) {
        return backward(dy, x, spec, null);
    }

    @Override
    public Tensor backward(Tensor dy, Tensor x, PoolSpec s, Tensor dxOut) {
        return backward(dy, x, s, dxOut, null);
    }

    /** Each task applies {@code then} to the feature maps of dx it has just written (one range). */
    @Override
    public Tensor backward(Tensor dy, Tensor x, PoolSpec s, Tensor dxOut, Epilogue then) {
        Shape yShape = PoolChecks.outputShape(x.shape(), s);
        if (!dy.shape().equals(yShape)) {
            throw new ShapeException("pool2d backward: dy has shape " + dy.shape() + " but the forward output was " + yShape);
        }
        Tensor dx = PoolChecks.outputOrNew(dxOut, x.shape(), "backward: dx");
        boolean zeroed = dxOut == null; // a new tensor is already zero
        int h = x.dim(2), w = x.dim(3), h2 = yShape.dim(2), w2 = yShape.dim(3);
        int k = s.window(), st = s.stride(), pad = s.padding();
        boolean max = s.kind() == PoolSpec.Kind.MAX;
        float inv = 1f / (k * k);
        float[] xs = x.buffer(), dys = dy.buffer(), dxs = dx.buffer();
        if (k == 2 && st == 2 && pad == 0 && max && h == 2 * h2 && w == 2 * w2) { // the common case: SIMD, no branches
            int[] corners = corners(h, w, mapsPerTask(x.dim(0) * x.dim(1), h * w));
            forEachMapBlock(x.dim(0) * x.dim(1), h * w, dxs, then, (m0, m1) ->
                    MaxPool2x2.backward(exec.simd(), xs, m0 * h * w, w, dys, m0 * h2 * w2, dxs, (m1 - m0) * h2 * w2, corners));
            return dx;
        }
        if (k == 2 && st == 2 && pad == 0 && h == 2 * h2 && w == 2 * w2) {
            // average pooling with 2x2 windows that tile the input (max pooling of that shape returned above):
            // each input gets exactly one value, its share
            forEachMapBlock(x.dim(0) * x.dim(1), h * w, dxs, then, (m0, m1) -> {
                for (int map = m0; map < m1; map++) {
                    int xb = map * h * w, yb = map * h2 * w2;
                    for (int i = 0; i < h2; i++) {
                        int r0 = xb + 2 * i * w, r1 = r0 + w, yr = yb + i * w2;
                        for (int j = 0; j < w2; j++) {
                            float share = dys[yr + j] * inv;
                            int p0 = r0 + 2 * j, p2 = r1 + 2 * j;
                            dxs[p0] = share;
                            dxs[p0 + 1] = share;
                            dxs[p2] = share;
                            dxs[p2 + 1] = share;
                        }
                    }
                }
            });
            return dx;
        }
        forEachMapBlock(x.dim(0) * x.dim(1), h * w, dxs, then, (m0, m1) -> {
            if (!zeroed) java.util.Arrays.fill(dxs, m0 * h * w, m1 * h * w, 0f);
            for (int map = m0; map < m1; map++) {
                int xb = map * h * w, yb = map * h2 * w2;
                for (int i = 0; i < h2; i++) {
                    int r0 = Math.max(0, i * st - pad), r1 = Math.min(h, i * st - pad + k);
                    for (int j = 0; j < w2; j++) {
                        int c0 = Math.max(0, j * st - pad), c1 = Math.min(w, j * st - pad + k);
                        float g = dys[yb + i * w2 + j];
                        if (max) { // the first largest value, row-major, wins (as in the reference)
                            int best = -1;
                            float bestValue = Float.NEGATIVE_INFINITY;
                            for (int r = r0; r < r1; r++)
                                for (int c = c0; c < c1; c++) {
                                    float v = xs[xb + r * w + c];
                                    if (best < 0 || v > bestValue) {
                                        bestValue = v;
                                        best = xb + r * w + c;
                                    }
                                }
                            if (best >= 0) dxs[best] += g;
                        } else {
                            float share = g * inv;
                            for (int r = r0; r < r1; r++)
                                for (int c = c0; c < c1; c++) dxs[xb + r * w + c] += share;
                        }
                    }
                }
            }
        });
        return dx;
    }

    private interface MapBlock {
        void run(int firstMap, int endMap);
    }

    private static int mapsPerTask(int maps, int mapSize) {
        return Math.max(1, Math.min(maps, MIN_TASK_VALUES / Math.max(1, mapSize)));
    }

    /**
     * Window corners of one task's maps, for {@link MaxPool2x2}, kept for the last few shapes (a
     * network's pooling layers share one instance: LeNet-5's two would rebuild them on every call
     * if only the last shape were kept). Immutable, replaced as a whole, so sharing is safe.
     */
    private record Corners(int h, int w, int maps, int[] offsets) {}

    private static final int CORNER_SHAPES = 8;
    private volatile Corners[] corners = new Corners[0];

    private int[] corners(int h, int w, int maps) {
        Corners[] known = corners;
        for (Corners c : known) if (c.h() == h && c.w() == w && c.maps() == maps) return c.offsets();
        Corners c = new Corners(h, w, maps, MaxPool2x2.corners(maps, h, w));
        Corners[] more = java.util.Arrays.copyOf(known, Math.min(known.length + 1, CORNER_SHAPES));
        if (known.length >= CORNER_SHAPES) System.arraycopy(known, 1, more, 0, CORNER_SHAPES - 1); // the oldest goes
        more[more.length - 1] = c;
        corners = more;
        return c.offsets();
    }

    /** Splits the feature maps into blocks that depend only on the sizes, and runs them on the Exec. */
    private void forEachMapBlock(int maps, int mapSize, MapBlock body) {
        forEachMapBlock(maps, mapSize, null, null, body);
    }

    /** The same, each task then applying {@code then} (unless null) to its maps of {@code out}. */
    private void forEachMapBlock(int maps, int mapSize, float[] out, Epilogue then, MapBlock body) {
        int perTask = mapsPerTask(maps, mapSize);
        int tasks = (maps + perTask - 1) / perTask;
        exec.forEach(tasks, (t, worker) -> {
            int m0 = t * perTask, m1 = Math.min(maps, (t + 1) * perTask);
            body.run(m0, m1);
            if (then != null) then.apply(out, m0 * mapSize, m1 * mapSize);
        });
    }

    @Override
    public String toString() {
        return "FastPool2d(" + exec + ")";
    }
}
