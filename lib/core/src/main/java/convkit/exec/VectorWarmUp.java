package convkit.exec;

/**
 * The matrix multiply's part of the warm-up (see {@link WarmUps}): every micro-kernel of the
 * vector GEMM runs a few thousand times on inputs one or two vectors long.
 *
 * <p>Why: a vector loop is only fast once C2 has compiled it with the vector calls inlined. Left
 * to itself, the JIT first meets a kernel inside the long loops of a real call and compiles it
 * "on stack" (OSR) while that call goes on interpreted. For a GEMM micro-kernel such a compile
 * took ~0.6 s of compiler time here, against ~0.1-0.15 s for an ordinary compile of the same
 * method (its vectors, live across the OSR entry, come in as untyped heap objects), and
 * interpreted vector code is ~30x slower than compiled: the first LeNet-5 training step took
 * ~2 s. Short calls count as method invocations rather than loop iterations, so the JIT compiles
 * each kernel the ordinary way; no loop here runs more than twice per call, far from the OSR
 * threshold. Each kernel's compile runs on a compiler thread while the loop goes on. Results are
 * unaffected: only the scratch arrays here are written.
 */
final class VectorWarmUp {
    /**
     * Calls per kernel: above the JIT's invocation count for an ordinary compile (measured on
     * JDK 17: about 5,000 with tiered compilation, 6,500-7,000 with C2 alone).
     */
    static final int CALLS = 8_000;

    private VectorWarmUp() {}

    /**
     * Runs every matrix-multiply kernel about {@code calls} times on small inputs; {@code lanes} is
     * the vector length in floats. What counts for the JIT is how often each micro-kernel is
     * entered, and what costs is every vector operation run before C2 has compiled it (~30-1000x
     * slower than compiled). So each call enters every micro-kernel about once, in the fewest
     * operations ("trimmed"), and every 8th call also runs shapes that take every other branch
     * of the drivers ("full": a branch the JIT never saw would cost a deoptimisation later; they
     * were 40% of the warm-up's vector operations when run on every 4th call).
     */
    static void run(GemmKernels gemm, int lanes, int calls) {
        int l = lanes;
        float[] a = filled(13 * 2), b = filled(2 * (5 * l + 5)), c = new float[13 * (5 * l + 5)];
        int[] bRows = {0, 5 * l + 5};
        float[] bEnd = filled(l + 3); // a row of B whose tail ends less than a vector before its array's end
        int kd = 2 * l + 1; // the dot form's rows: two vector steps and a tail of one product
        float[] rows = filled(6 * kd);
        int[] dRows = {0, kd, 2 * kd, 3 * kd, 4 * kd, 5 * kd};
        for (int call = 0; call < calls; call++) {
            boolean acc = (call & 1) == 0;
            // trimmed: 6 rows x (4 vectors + 3): the 6x4 tile and a tail of 8 rows or fewer; 8 x 5 vectors: 8x3 and 8x2 (the wide CNN's);
            // 8 x 1 vector: 8x1; 4 x 4 vectors: 4x4; 1 x 5 vectors: 1x4 and 1x1; dot 4 x 4 with a tail of products: 4x4; dot 4 x 2: 4x2
            gemm.broadcast(6, 4 * l + 3, 1, a, 0, 1, 1, b, bRows, c, 0, 4 * l + 3, acc);
            gemm.broadcast(8, 5 * l, 2, a, 0, 2, 1, b, bRows, c, 0, 5 * l, acc);
            gemm.broadcast(8, l, 1, a, 0, 1, 1, b, bRows, c, 0, l, acc);
            gemm.broadcast(4, 4 * l, 1, a, 0, 1, 1, b, bRows, c, 0, 4 * l, acc);
            gemm.broadcast(1, 5 * l, 1, a, 0, 1, 1, b, bRows, c, 0, 5 * l, acc);
            gemm.dot(4, 4, kd, rows, 0, kd, rows, dRows, c, 0, 4, acc);
            gemm.dot(4, 2, kd - 1, rows, 0, kd, rows, dRows, c, 0, 2, acc);
            if ((call & 7) != 7) continue;
            // full, every 8th call (a branch needs to be seen, not seen often), accumulating on every other one: 6 rows: 6x4 tiles, then 1x1 and a tail of 5
            // columns, for each row; 13 rows: 8x3 and 8x2, 4x4 and 1x1, 1x4 and 1x1, no tail; 9 rows: 8x1
            // and 1x1, then tails of 3 columns (for 8 rows and 1) from a row of B that ends less than a
            // vector before its array's end; dot 6 x 6: 4x4, 4x2 and 2x4 tiles, with a tail of products and without
            boolean fullAcc = (call & 8) == 0;
            gemm.broadcast(6, 5 * l + 5, 1, a, 0, 1, 1, b, bRows, c, 0, 5 * l + 5, fullAcc);
            gemm.broadcast(13, 5 * l, 2, a, 0, 2, 1, b, bRows, c, 0, 5 * l, fullAcc);
            gemm.broadcast(9, l + 3, 1, a, 0, 1, 1, bEnd, bRows, c, 0, l + 3, fullAcc);
            gemm.dot(6, 6, kd, rows, 0, kd, rows, dRows, c, 0, 6, fullAcc);
            gemm.dot(6, 6, kd - 1, rows, 0, kd, rows, dRows, c, 0, 6, fullAcc);
        }
    }

    /** Values of both signs, alternating, so that every comparison goes both ways on a few values. */
    private static float[] filled(int size) {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) f[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3);
        return f;
    }
}
