package convkit.jupyter;

/** javac rejected a snippet of the cell; the message holds its diagnostics with cell line numbers. */
final class CompilationException extends Exception {
    CompilationException(String message) {
        super(message);
    }
}
