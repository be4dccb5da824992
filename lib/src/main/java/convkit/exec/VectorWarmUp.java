package convkit.exec;

/**
 * Gets the Vector API kernels compiled before their first real call: every micro-kernel and
 * vector loop runs a few thousand times on inputs one or two vectors long, once per JVM.
 *
 * <p>Why: a vector loop is only fast once C2 has compiled it with the vector calls inlined. Left
 * to itself, the JIT first meets a kernel inside the long loops of a real call and compiles it
 * "on stack" (OSR) while that call goes on interpreted. For a GEMM micro-kernel such a compile
 * took ~0.6 s of compiler time here, against ~0.1-0.15 s for an ordinary compile of the same
 * method (its vectors, live across the OSR entry, come in as untyped heap objects), and
 * interpreted vector code is ~30x slower than compiled: the first LeNet-5 training step took
 * ~2 s. Short calls count as method invocations rather than loop iterations, so the JIT compiles
 * each kernel the ordinary way; no loop here runs more than twice per call, far from the OSR
 * threshold. Each kernel's compile runs on a compiler thread while the loop goes on.
 *
 * <p>It costs ~1-1.5 s of one core (mostly interpreted vector calls). Results are unaffected:
 * every kernel gives the same bits compiled or not, and only the scratch arrays here are written.
 * Switch it off with {@code -Dconvkit.warmup=false}.
 */
final class VectorWarmUp {
    /**
     * Calls per kernel: above the JIT's invocation count for an ordinary compile (measured on
     * JDK 17: about 5,000 with tiered compilation, 6,500-7,000 with C2 alone).
     */
    static final int CALLS = 8_000;

    private VectorWarmUp() {}

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("convkit.warmup", "true"));
    }

    /** Runs every vector kernel {@code calls} times on small inputs; {@code lanes} is the vector length in floats. */
    static void run(GemmKernels gemm, Elementwise.ElementKernels elements, MaxPool2x2.Kernels pool,
                    Elementwise.OptimizerKernels optimizer, int lanes, int calls) {
        int l = lanes, n = 4 * l + 5; // four vectors (the widest tiles) and a tail of 5 columns
        float[] a = filled(16), b = filled(2 * n), c = new float[8 * n];
        int[] bRows = {0, n};
        int kd = 2 * l + 1; // the dot form's rows: two vector steps and a tail of one product
        float[] rows = filled(4 * kd);
        int[] dRows = {0, kd, 2 * kd, 3 * kd};
        float[] x = filled(4 * l), y = new float[4 * l], g = filled(4 * l);
        int[] wide = MaxPool2x2.corners(1, 2, 2 * l); // one 2 x 2L map: L windows on rows at least a vector wide
        int[] narrow = MaxPool2x2.corners(l / 2, 2, 4); // L/2 maps of 2 x 4: L windows in narrow maps
        float[] w = filled(2 * l), grad = filled(2 * l), m = new float[2 * l], v = new float[2 * l];
        for (int call = 0; call < calls; call++) {
            boolean acc = (call & 1) == 0;
            // broadcast form, each micro-kernel once: 6x4, 8x3 with 8x1, 4x4, 1x4, 1x1, and tails of columns
            gemm.broadcast(6, n, 1, a, 0, 1, 1, b, bRows, c, 0, n, acc);
            gemm.broadcast(8, n, 2, a, 0, 2, 1, b, bRows, c, 0, n, acc);
            gemm.broadcast(4, 4 * l, 1, a, 0, 1, 1, b, bRows, c, 0, n, acc);
            gemm.broadcast(1, 4 * l, 1, a, 0, 1, 1, b, bRows, c, 0, n, acc);
            gemm.broadcast(1, l, 1, a, 0, 1, 1, b, bRows, c, 0, n, acc);
            // dot form: a 4x4 tile, 4x2 and 2x4 tiles, each with a tail of products
            gemm.dot(4, 4, kd, rows, 0, kd, rows, dRows, c, 0, 4, acc);
            gemm.dot(4, 2, kd, rows, 0, kd, rows, dRows, c, 0, 4, acc);
            gemm.dot(2, 4, kd, rows, 0, kd, rows, dRows, c, 0, 4, acc);
            elements.relu(x, y, 0, 2 * l);
            elements.reluBackward(x, g, y, 0, 2 * l);
            elements.copyRowsPlus(x, 0, 2 * l, y, 0, 2, l, 1f);
            pool.forward(x, 0, 2 * l, y, 0, l, wide);
            pool.backward(x, 0, 2 * l, g, 0, y, l, wide);
            pool.forward(x, 0, 4, y, 0, l, narrow);
            pool.backward(x, 0, 4, g, 0, y, l, narrow);
            optimizer.momentumStep(w, grad, v, 0.9f, 0f, 0f);
            optimizer.adamStep(w, grad, m, v, 0.9f, 0.999f, 0.1f, 0.001f, 1f, 1f, 1e-8f, 0f, 0f);
        }
    }

    private static float[] filled(int size) {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) f[i] = (i % 7) - 3;
        return f;
    }
}
