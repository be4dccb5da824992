package convkit.grading;

/**
 * Turns what student code threw into a sentence a student can act on: what happened, where in
 * their code, and the usual cause.
 */
public final class Feedback {
    private Feedback() {}

    /** A line of feedback for the running test, shown in its output whether it passes or not. */
    public static void note(String line) {
        GradingSession.current().note(line);
    }

    /** A teaching message for any throwable raised by a test or by the student code it called. */
    public static String explain(Throwable t) {
        if (t instanceof AssertionError) {
            return t.getMessage() == null ? "assertion failed" : t.getMessage();
        }
        String where = studentFrame(t);
        String at = where == null ? "" : " at " + where;
        String msg = t.getMessage() == null ? "" : ": " + t.getMessage();
        if (t instanceof UnsupportedOperationException && t.getMessage() != null && t.getMessage().contains("TODO")) {
            return "not implemented yet (the skeleton's TODO is still there" + at + ")";
        }
        if (t instanceof StackOverflowError) {
            return "StackOverflowError" + at + ": the code called itself without end. Does the recursion reach a base case?"
                    + " (A loop is simpler here.)";
        }
        if (t instanceof ArrayIndexOutOfBoundsException || t instanceof IndexOutOfBoundsException) {
            return t.getClass().getSimpleName() + msg + at + ". A window reached past the edge of an array:"
                    + " positions outside the input are zero padding and must read as 0 (check the index i*S + u - P),"
                    + " and the output needs (W - F + 2P)/S + 1 entries.";
        }
        if (t instanceof NullPointerException) {
            return "NullPointerException" + at + msg + ". Did a method return null, or use an array before creating it?";
        }
        if (t instanceof ArithmeticException) {
            return "ArithmeticException" + msg + at + ". A division by zero? Check the stride and the window size.";
        }
        if (t instanceof NegativeArraySizeException) {
            return "NegativeArraySizeException" + msg + at + ". An output size came out negative: check (W - F + 2P)/S + 1.";
        }
        String type = t instanceof RemoteThrowable.StudentException ? ((RemoteThrowable.StudentException) t).simpleName() : t.getClass().getSimpleName();
        return type + msg + at;
    }

    /** The first stack frame outside the JDK, JUnit and ConvKit: where the student's code was. */
    static String studentFrame(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("org.junit.")
                    || c.startsWith("convkit.")) continue;
            return e.getClassName() + "." + e.getMethodName()
                    + (e.getFileName() == null ? "" : "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        }
        return null;
    }
}
