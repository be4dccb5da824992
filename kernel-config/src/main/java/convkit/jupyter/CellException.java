package convkit.jupyter;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

import java.util.List;

/**
 * An exception thrown by the cell's code, with the lines the kernel shows for it (the user's
 * exception class, message, frames numbered by notebook cell and line, causes).
 */
final class CellException extends Exception {
    private final String userClassName;
    private final List<String> traceback;

    CellException(JShellException thrown, List<String> traceback) {
        super(thrown.getMessage(), thrown);
        this.userClassName = thrown instanceof EvalException
                ? ((EvalException) thrown).getExceptionClassName() : thrown.getClass().getName();
        this.traceback = List.copyOf(traceback);
    }

    /** Simple name of the user's exception class, e.g. ShapeException. */
    String userSimpleName() {
        String n = userClassName.substring(userClassName.lastIndexOf('.') + 1);
        return n.replace('$', '.');
    }

    List<String> traceback() {
        return traceback;
    }
}
