package convkit.conv;

import convkit.exec.Exec;
import convkit.exec.Gemm;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.Arrays;

/**
 * The fast path of 2D cross-correlation: im2col + matrix multiply ({@link Gemm}), SIMD through
 * the Vector API when present, spread over threads by {@link Exec}.
 *
 * <p>The batch is cut into groups of images, sized so that one group's unrolled matrix
 * ({@code C*U*V} rows, {@code images*H2*W2} columns) stays in a core's cache. One group is one
 * task: unroll, multiply, copy out. The groups depend only on the shapes, never on the thread
 * count, and the weight gradient adds the groups' partial sums in group order, so every result
 * is bit-identical for 1, 2 or 4 threads. Scratch arrays belong to this object and are reused
 * across calls; calls on one instance are serialised.
 *
 * <pre>{@code
 * Forward:          Y_g[F][cols]  = W[F][K] x col_g[K][cols]            (K = C*U*V, cols = images*H2*W2)
 * Input gradient:   dcol_g[K][cols] = W^T[K][F] x dY_g[F][cols], then col2im adds it into dx
 * Weight gradient:  dW[F][K] = sum over groups g of dY_g[F][cols] x col_g^T[cols][K]
 * Bias gradient:    db[F]    = sum over groups g of dY_g[F][cols] x ones[cols]     (backwardParams: one more row)
 * }</pre>
 *
 * <p>{@link #backwardParams} appends a row of ones to the unrolled (or padded) matrix, so the same
 * dot products give dW and db; {@link #backwardBias} alone sums dy in double.
 */
final class FastConv2d implements Conv2dKernels {
    static {
        RowCopy.registerWarmUp(); // a fast convolution exists: its vector row copy is worth warming up
    }

    /** Columns per group: 512 x 150 taps x 4 bytes is about 300 KB, inside a 2 MB L2 with room for the rest. */
    private static final int TARGET_COLUMNS = 512;
    /** Row length of the scratch matrices is rounded up to this many floats (a whole number of SIMD vectors). */
    private static final int ALIGN = 16;

    private final Exec exec;
    private final Conv2dKernels.Variant variant;
    private final Gemm serial;
    private float[][] cols = new float[0][], outs = new float[0][], dys = new float[0][];
    private float[] partials = new float[0], flipped = new float[0];
    private int[] rowStarts = new int[0];
    /**
     * What the padded paths last zeroed (and set to ones) in a worker's cols and dys arrays, or null:
     * their pads and wasted columns are never written afterwards, so the next image or group of the
     * same layout only overwrites the data instead of zeroing the whole array again.
     */
    private Object[] colsLayout = new Object[0], dysLayout = new Object[0];

    /** The instance behind {@link Conv2dKernels#standard()}, created on first use. */
    static final class Shared {
        static final FastConv2d INSTANCE = new FastConv2d(Exec.defaults(), Conv2dKernels.Variant.AUTO);
    }

    FastConv2d(Exec exec, Conv2dKernels.Variant variant) {
        this.exec = exec;
        this.variant = variant;
        this.serial = Gemm.of(exec.single());
    }

    private static Im2col.Geometry geometry(Shape x, Shape w, Shape y, ConvSpec s) {
        return new Im2col.Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3), y.dim(2), y.dim(3), s);
    }

    private static int groupSize(Im2col.Geometry g) {
        return Math.max(1, Math.min(g.batch(), (TARGET_COLUMNS + g.positions() - 1) / g.positions()));
    }

    private static int roundUp(int v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** Makes sure every worker has scratch arrays of at least the given sizes (grown, never shrunk). */
    private void ensure(int colSize, int outSize, int dySize) {
        int workers = exec.threads();
        if (cols.length < workers) {
            cols = Arrays.copyOf(cols, workers);
            outs = Arrays.copyOf(outs, workers);
            dys = Arrays.copyOf(dys, workers);
            colsLayout = Arrays.copyOf(colsLayout, workers);
            dysLayout = Arrays.copyOf(dysLayout, workers);
        }
        for (int k = 0; k < workers; k++) {
            // a new array holds none of the zeros (and ones) its layout promised: forget the layout
            if (cols[k] == null || cols[k].length < colSize) { cols[k] = new float[colSize]; colsLayout[k] = null; }
            if (outs[k] == null || outs[k].length < outSize) outs[k] = new float[outSize];
            if (dys[k] == null || dys[k].length < dySize) { dys[k] = new float[dySize]; dysLayout[k] = null; }
        }
    }

    /** Before a path that writes cols or dys all over (im2col): the padded layouts must be zeroed again. */
    private void forgetLayouts() {
        Arrays.fill(colsLayout, null);
        Arrays.fill(dysLayout, null);
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s) {
        return forward(x, w, b, s, null);
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s, Tensor out) {
        return forward(x, w, b, s, out, null);
    }

    /** Each task applies {@code then} to the images it has just computed (their output maps are one range). */
    @Override
    public synchronized Tensor forward(Tensor x, Tensor w, Tensor b, ConvSpec s, Tensor out, convkit.exec.Epilogue then) {
        Shape yShape = OutputSize.conv2d(x.shape(), w.shape(), s);
        ConvChecks.checkBias(b, w.dim(0));
        Tensor y = ConvChecks.outputOrNew(out, yShape, "forward: out");
        Im2col.Geometry g = geometry(x.shape(), w.shape(), yShape, s);
        if (direct(s)) {
            forwardDirect(x.buffer(), g, w.buffer(), b == null ? null : b.buffer(), y.buffer(), then);
            return y;
        }
        int group = groupSize(g), p = g.positions(), taps = g.taps(), filters = g.filters();
        int ld = roundUp(group * p);
        ensure(taps * ld, filters * ld, 0);
        forgetLayouts();
        float[] xs = x.buffer(), ws = w.buffer(), ys = y.buffer(), bs = b == null ? null : b.buffer();
        int tasks = (g.batch() + group - 1) / group;
        exec.forEach(tasks, (t, worker) -> {
            int n0 = t * group, images = Math.min(group, g.batch() - n0), width = roundUp(images * p);
            float[] col = cols[worker], o = outs[worker];
            Im2col.im2col(xs, g, n0, images, col, ld);
            serial.multiply(false, false, filters, width, taps, ws, 0, taps, col, 0, ld, o, 0, ld, false);
            for (int gi = 0; gi < images; gi++)
                for (int f = 0; f < filters; f++) {
                    int dst = ((n0 + gi) * filters + f) * p, src = f * ld + gi * p;
                    float bias = bs == null ? 0f : bs[f];
                    for (int q = 0; q < p; q++) ys[dst + q] = o[src + q] + bias;
                }
            if (then != null) then.apply(ys, n0 * filters * p, (n0 + images) * filters * p);
        });
        return y;
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec s) {
        return backwardInput(dy, w, xShape, s, null);
    }

    @Override
    public synchronized Tensor backwardInput(Tensor dy, Tensor w, Shape xShape, ConvSpec s, Tensor dxOut) {
        Shape yShape = OutputSize.conv2d(xShape, w.shape(), s);
        ConvChecks.checkGradShape(dy, yShape);
        Tensor dx = ConvChecks.outputOrNew(dxOut, xShape, "backwardInput: dx");
        Im2col.Geometry g = geometry(xShape, w.shape(), yShape, s);
        int fullH = s.dilationH() * (g.kh() - 1), fullW = s.dilationW() * (g.kw() - 1);
        if (direct(s) && s.padH() <= fullH && s.padW() <= fullW) {
            // dx is the forward correlation of dy, padded by D(U-1) - P, with the kernels rotated by
            // 180 degrees and their channel and filter axes swapped.
            int filters = g.filters(), channels = g.channels(), kh = g.kh(), kw = g.kw(), taps = kh * kw;
            if (flipped.length < filters * channels * taps) flipped = new float[filters * channels * taps];
            float[] ws = w.buffer();
            for (int f = 0; f < filters; f++)
                for (int c = 0; c < channels; c++)
                    for (int t = 0; t < taps; t++) flipped[(c * filters + f) * taps + (taps - 1 - t)] = ws[(f * channels + c) * taps + t];
            ConvSpec full = new ConvSpec(1, 1, fullH - s.padH(), fullW - s.padW(), s.dilationH(), s.dilationW(), Rounding.STRICT);
            Im2col.Geometry back = new Im2col.Geometry(g.batch(), filters, g.h2(), g.w2(), channels, kh, kw, g.height(), g.width(), full);
            forwardDirect(dy.buffer(), back, flipped, null, dx.buffer(), null);
            return dx;
        }
        int group = groupSize(g), p = g.positions(), taps = g.taps(), filters = g.filters();
        int ld = roundUp(group * p);
        ensure(0, taps * ld, filters * ld);
        forgetLayouts();
        float[] dys_ = dy.buffer(), ws = w.buffer(), dxs = dx.buffer();
        int imageSize = xShape.dim(1) * xShape.dim(2) * xShape.dim(3);
        int tasks = (g.batch() + group - 1) / group;
        exec.forEach(tasks, (t, worker) -> {
            int n0 = t * group, images = Math.min(group, g.batch() - n0), width = roundUp(images * p);
            float[] dyc = dys[worker], dcol = outs[worker];
            gatherDy(dys_, g, n0, images, dyc, ld);
            // dcol[K][cols] = W^T dY: W is stored (F, K), used transposed
            serial.multiply(true, false, taps, width, filters, ws, 0, taps, dyc, 0, ld, dcol, 0, ld, false);
            Arrays.fill(dxs, n0 * imageSize, (n0 + images) * imageSize, 0f);
            Im2col.col2im(dcol, ld, g, n0, images, dxs);
        });
        return dx;
    }

    @Override
    public Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec s) {
        return backwardWeights(dy, x, wShape, s, null);
    }

    @Override
    public synchronized Tensor backwardWeights(Tensor dy, Tensor x, Shape wShape, ConvSpec s, Tensor dwOut) {
        Shape yShape = OutputSize.conv2d(x.shape(), wShape, s);
        ConvChecks.checkGradShape(dy, yShape);
        Tensor dw = ConvChecks.outputOrNew(dwOut, wShape, "backwardWeights: dw");
        paramGradients(dy.buffer(), x.buffer(), geometry(x.shape(), wShape, yShape, s), dw.buffer(), null);
        return dw;
    }

    /**
     * dW and db from the same dot products: db[f] is dy[f] dotted with a row of ones placed after
     * the taps' rows, so it costs one row more (26 instead of 25 for LeNet's first layer) and no
     * kernel of its own. dW's bits are those of {@link #backwardWeights}: every dot product is
     * summed alone, whatever its neighbours. db is summed in float like dW (group by group, the
     * groups in order), so it may differ from {@link #backwardBias} (double) in the last bits.
     */
    @Override
    public synchronized void backwardParams(Tensor dy, Tensor x, Shape wShape, ConvSpec s, Tensor dw, Tensor db) {
        ConvChecks.checkParamOutputs(wShape, dw, db);
        Shape yShape = OutputSize.conv2d(x.shape(), wShape, s);
        ConvChecks.checkGradShape(dy, yShape);
        paramGradients(dy.buffer(), x.buffer(), geometry(x.shape(), wShape, yShape, s), dw.buffer(), db == null ? null : db.buffer());
    }

    /** dW into dws and, unless dbs is null, db into dbs: one more row of dot products, with ones. */
    private void paramGradients(float[] dys_, float[] xs, Im2col.Geometry g, float[] dws, float[] dbs) {
        if (direct(g.spec())) {
            paramGradientsDirect(dys_, xs, g, dws, dbs);
            return;
        }
        int group = groupSize(g), p = g.positions(), taps = g.taps(), filters = g.filters();
        int ld = roundUp(group * p), rows = taps + (dbs == null ? 0 : 1); // row `taps`: the ones for db
        ensure(rows * ld, 0, filters * ld);
        forgetLayouts();
        int tasks = (g.batch() + group - 1) / group, slice = filters * rows;
        if (partials.length < tasks * slice) partials = new float[tasks * slice];
        float[] part = partials;
        exec.forEach(tasks, (t, worker) -> {
            int n0 = t * group, images = Math.min(group, g.batch() - n0);
            float[] dyc = dys[worker], col = cols[worker];
            gatherDy(dys_, g, n0, images, dyc, ld);
            Im2col.im2col(xs, g, n0, images, col, ld);
            if (dbs != null) Arrays.fill(col, taps * ld, taps * ld + images * p, 1f);
            // this group's dW[F][K] = dY[F][cols] x col^T: dot products along the columns (and db: dY x ones)
            serial.multiply(false, true, filters, rows, images * p, dyc, 0, ld, col, 0, ld, part, t * slice, rows, false);
        });
        sumPartials(part, tasks, filters, taps, rows, dws, dbs);
    }

    /**
     * dw (and db) = partial 0 + partial 1 + ..., in that fixed order whatever thread computed each.
     * Partial t is a (filters, rows) matrix at t*filters*rows: columns k < taps are dW[f][k], column
     * {@code taps} (when db is not null) is db[f].
     */
    private static void sumPartials(float[] part, int tasks, int filters, int taps, int rows, float[] dw, float[] db) {
        for (int f = 0; f < filters; f++) {
            System.arraycopy(part, f * rows, dw, f * taps, taps);
            if (db != null) db[f] = part[f * rows + taps];
        }
        for (int t = 1; t < tasks; t++)
            for (int f = 0; f < filters; f++) {
                int src = (t * filters + f) * rows, dst = f * taps;
                for (int k = 0; k < taps; k++) dw[dst + k] += part[src + k];
                if (db != null) db[f] += part[src + taps];
            }
    }

    // ------------------------------------------------------------------ stride 1: implicit im2col
    //
    // With stride 1 the unrolled matrix needs no copies. Pad one image into a (C, Hp, Wp) block and
    // index outputs on the padded width: output q = i*Wp + j then reads input q + u*D*Wp + v*D of
    // each channel. So row k = (c, u, v) of the unrolled matrix is the padded block itself, shifted
    // by c*Hp*Wp + u*D*Wp + v*D: the matrix multiply reads those shifted rows directly. The columns
    // j >= W2 of each output row are wasted work (Wp - W2 of every Wp) and are never copied out.

    /** Whether this call takes the padded direct path: stride 1, unless the im2col variant was asked for. */
    private boolean direct(ConvSpec s) {
        return variant == Conv2dKernels.Variant.AUTO && s.strideH() == 1 && s.strideW() == 1;
    }

    /**
     * The padded layout of a group of images: channel c of image g is an Hp x Wp block at
     * {@code c*channelStride + g*imageStride}; {@code columns} output positions per image are computed.
     *
     * <p>When the padding is below the kernel's reach (D(U-1) rows, D(V-1) columns: "same"
     * convolutions), neighbouring rows share their padding: a row is W + P wide, its P
     * zeros serving as the right padding of the row above and the left padding of its own; likewise
     * an image block is H + P rows, and the images and channels share their padding rows. Fewer
     * wasted columns: for 3x3 kernels with padding 1, 29 of every 28 + 1 instead of 30 (28x28 maps),
     * 225 positions per 14x14 image instead of 256 in the weight gradient.
     */
    private record Padded(int wp, int imageStride, int channelStride, int columns, int size) {
        static Padded of(Im2col.Geometry g, int images) {
            ConvSpec s = g.spec();
            // shared only for some padding below the reach: without padding there is nothing to share, and with
            // the reach as padding (the input gradient of an unpadded convolution, LeNet's conv2) it measured slower
            boolean shared = s.padH() + s.padW() > 0 && s.padH() < s.dilationH() * (g.kh() - 1) && s.padW() < s.dilationW() * (g.kw() - 1);
            int hp = g.height() + (shared ? 1 : 2) * s.padH(), wp = g.width() + (shared ? 1 : 2) * s.padW();
            int columns = roundUp(g.h2() * wp);
            int imageStride = images == 1 || shared ? hp * wp : roundUp(Math.max(hp * wp, columns));
            int channelStride = images * imageStride;
            int reach = s.dilationH() * (g.kh() - 1) * wp + s.dilationW() * (g.kw() - 1);
            // one past the last position read per channel: the forward reads `columns` positions of the
            // last image, the weight gradient whole image strides
            int last = Math.max((images - 1) * imageStride + columns, images * imageStride);
            int size = Math.max(g.channels() * channelStride, (g.channels() - 1) * channelStride + reach + last);
            return new Padded(wp, imageStride, channelStride, columns, size);
        }
    }

    /**
     * Row k = (c, u, v) of the implicit unrolled matrix starts at c*channelStride + u*D*Wp + v*D.
     * The array has room for one row more (the ones of the bias gradient; its start is the caller's).
     */
    private int[] rowStarts(Im2col.Geometry g, Padded pd) {
        int taps = g.taps();
        if (rowStarts.length < taps + 1) rowStarts = new int[taps + 1];
        ConvSpec s = g.spec();
        for (int c = 0; c < g.channels(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++) {
                    rowStarts[(c * g.kh() + u) * g.kw() + v] = c * pd.channelStride() + u * s.dilationH() * pd.wp() + v * s.dilationW();
                }
        return rowStarts;
    }

    /**
     * A padded layout as zeroed in a worker's array: the pads stay zero while only the same layout's
     * data is written. The geometry is part of it: two geometries can share a Padded (W + P alike)
     * and still put their data in different places.
     */
    private static final class Layout {
        private final String use;
        private final int[] key;

        Layout(String use, Padded pd, Im2col.Geometry g) {
            ConvSpec s = g.spec();
            this.use = use;
            this.key = new int[] {pd.wp(), pd.imageStride(), pd.channelStride(), pd.columns(), pd.size(),
                g.batch(), g.channels(), g.height(), g.width(), g.filters(), g.kh(), g.kw(), g.h2(), g.w2(),
                s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(), s.dilationW(), s.rounding().ordinal()};
        }

        // Written out: the equals a record generates is linked on its first call (~10-30 ms of method
        // handles per record type, three of them here), which a student's second correlate paid.
        @Override
        public boolean equals(Object o) {
            return o instanceof Layout l && use.equals(l.use) && java.util.Arrays.equals(key, l.key);
        }

        @Override
        public int hashCode() {
            return use.hashCode() * 31 + java.util.Arrays.hashCode(key);
        }
    }

    /** Copies image n into slot {@code slot} of a zeroed padded layout. */
    private static void pad(float[] x, Im2col.Geometry g, Padded pd, int n, int slot, float[] dst) {
        ConvSpec s = g.spec();
        int hw = g.height() * g.width();
        for (int c = 0; c < g.channels(); c++) {
            int src = (n * g.channels() + c) * hw, base = c * pd.channelStride() + slot * pd.imageStride() + s.padH() * pd.wp() + s.padW();
            for (int r = 0; r < g.height(); r++) System.arraycopy(x, src + r * g.width(), dst, base + r * pd.wp(), g.width());
        }
    }

    /** y = x correlated with w (F, K) plus b, stride 1, one image per task; then {@code then} (unless null) on the image's output. */
    private void forwardDirect(float[] xs, Im2col.Geometry g, float[] ws, float[] bs, float[] ys, convkit.exec.Epilogue then) {
        Padded pd = Padded.of(g, 1);
        int taps = g.taps(), filters = g.filters(), p = g.positions(), width = pd.columns();
        ensure(pd.size(), filters * width, 0);
        int[] starts = rowStarts(g, pd);
        Layout layout = new Layout("forward", pd, g);
        exec.forEach(g.batch(), (n, worker) -> {
            float[] padded = cols[worker], o = outs[worker];
            if (!layout.equals(colsLayout[worker])) { // the first image of this layout on this worker
                Arrays.fill(padded, 0, pd.size(), 0f);
                colsLayout[worker] = layout;
            }
            pad(xs, g, pd, n, 0, padded);
            serial.multiplyRows(filters, width, taps, ws, 0, taps, 1, padded, starts, o, 0, width, false);
            for (int f = 0; f < filters; f++) { // the valid W2 of every Wp columns, plus the bias
                RowCopy.copyRowsPlus(exec, o, f * width, pd.wp(), ys, (n * filters + f) * p, g.h2(), g.w2(), bs == null ? 0f : bs[f]);
            }
            if (then != null) then.apply(ys, n * filters * p, (n + 1) * filters * p);
        });
    }

    /**
     * dW[f][k] = sum over the images of a group of dy[f][q] . padded[starts[k] + q]: the group's
     * images sit side by side along q, so each dot product runs over all of them and its SIMD lanes
     * are added up once per group. dy is laid out on the padded width, zeros in the wasted columns,
     * so with dbs the extra row {@code starts[taps]}, a row of ones after the padded images, gives
     * db[f] = sum_q dy[f][q].
     */
    private void paramGradientsDirect(float[] dys_, float[] xs, Im2col.Geometry g, float[] dws, float[] dbs) {
        int group = Math.max(1, (g.batch() + 7) / 8); // at most 8 partial sums (and lane-sum folds per dot product), whatever the thread count
        int tasks = (g.batch() + group - 1) / group;
        Padded pd = Padded.of(g, group);
        // a whole group's dot products run over a whole number of vectors (no masked last step): the
        // positions past the images meet zeros in dy, and the array has room for what they read
        int taps = g.taps(), filters = g.filters(), p = g.positions(), length = roundUp(group * pd.imageStride());
        ConvSpec s = g.spec();
        int reach = s.dilationH() * (g.kh() - 1) * pd.wp() + s.dilationW() * (g.kw() - 1);
        int size = Math.max(pd.size(), (g.channels() - 1) * pd.channelStride() + reach + length);
        int rows = taps + (dbs == null ? 0 : 1), ones = roundUp(size), slice = filters * rows;
        ensure(dbs == null ? size : ones + length, 0, filters * length);
        int[] starts = rowStarts(g, pd);
        starts[taps] = ones;
        if (partials.length < tasks * slice) partials = new float[tasks * slice];
        float[] part = partials;
        Layout layout = new Layout(dbs == null ? "weights" : "weights and bias", pd, g), dyLayout = new Layout("dy", pd, g);
        exec.forEach(tasks, (t, worker) -> {
            float[] padded = cols[worker], dyp = dys[worker];
            int n0 = t * group, images = Math.min(group, g.batch() - n0);
            // a group of fewer images (the last) zeroes all, so that no earlier group's values remain in its empty slots
            if (images < group || !layout.equals(colsLayout[worker])) {
                Arrays.fill(padded, 0, size, 0f);
                if (dbs != null) Arrays.fill(padded, ones, ones + length, 1f);
                colsLayout[worker] = images < group ? null : layout;
            }
            if (images < group || !dyLayout.equals(dysLayout[worker])) {
                Arrays.fill(dyp, 0, filters * length, 0f); // the wasted columns must contribute zeros
                dysLayout[worker] = images < group ? null : dyLayout;
            }
            for (int slot = 0; slot < images; slot++) {
                int n = n0 + slot;
                pad(xs, g, pd, n, slot, padded);
                for (int f = 0; f < filters; f++)
                    for (int i = 0; i < g.h2(); i++) {
                        System.arraycopy(dys_, (n * filters + f) * p + i * g.w2(), dyp, f * length + slot * pd.imageStride() + i * pd.wp(), g.w2());
                    }
            }
            serial.dotRows(filters, rows, images == group ? length : images * pd.imageStride(), dyp, 0, length, padded, starts, part, t * slice, rows, false);
        });
        sumPartials(part, tasks, filters, taps, rows, dws, dbs);
    }

    /** dy of images n0.. as a (F, images*H2*W2) matrix with rows ld apart. */
    private static void gatherDy(float[] dy, Im2col.Geometry g, int n0, int images, float[] dyc, int ld) {
        int p = g.positions(), filters = g.filters();
        for (int gi = 0; gi < images; gi++)
            for (int f = 0; f < filters; f++) System.arraycopy(dy, ((n0 + gi) * filters + f) * p, dyc, f * ld + gi * p, p);
    }

    /** db in double, one task per filter; {@link #backwardParams} gets db from the weight gradient's dot products instead. */
    @Override
    public Tensor backwardBias(Tensor dy) {
        dy.requireRank(4, "conv2d backwardBias: dy");
        int batch = dy.dim(0), filters = dy.dim(1), p = dy.dim(2) * dy.dim(3);
        float[] d = dy.buffer(), db = new float[filters];
        // one task per filter; within it a fixed order, in double as the reference: images in order,
        // each image's map in four interleaved running sums (four independent additions per step)
        int tasks = (long) batch * p * filters < (1 << 15) ? 1 : filters;
        exec.forEach(tasks, (t, worker) -> {
            for (int f = t; f < filters; f += tasks) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    int base = (n * filters + f) * p, q = 0;
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (; q + 4 <= p; q += 4) {
                        s0 += d[base + q];
                        s1 += d[base + q + 1];
                        s2 += d[base + q + 2];
                        s3 += d[base + q + 3];
                    }
                    for (; q < p; q++) s0 += d[base + q];
                    sum += (s0 + s1) + (s2 + s3);
                }
                db[f] = (float) sum;
            }
        });
        return Tensor.wrap(db, Shape.of(filters));
    }

    @Override
    public String toString() {
        return "FastConv2d(" + exec + (variant == Conv2dKernels.Variant.AUTO ? "" : ", " + variant) + ")";
    }
}
