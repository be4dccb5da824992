package convkit.jupyter;

/**
 * Thrown where a cell called {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}
 * (see {@link ExitGuard}). An Error, so a {@code catch (Exception e)} in the cell does not swallow it.
 */
public final class ExitBlockedError extends Error {
    ExitBlockedError(String call) {
        super(call + " was called; the kernel does not exit, so the cell stopped here and every"
                + " variable is kept (Kernel > Restart starts afresh)");
    }
}
