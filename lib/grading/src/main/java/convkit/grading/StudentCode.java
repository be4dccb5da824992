package convkit.grading;

import java.util.Arrays;
import org.junit.jupiter.api.function.ThrowingSupplier;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * The student's class, reached by name. Graders never hold student objects: each call is sent
 * with its arguments to the executor (a separate, contained JVM, see {@link GradeRun}) and comes
 * back as a value built here from data, or as the exception the code threw. So arguments are
 * copies (student code cannot change the grader's data), except that a {@code Sequential}
 * passed in comes back with the parameters and gradients the student's code left in it, as a
 * Java call would. A missing or misspelt method costs only the tests that call it. Methods may be
 * static or instance methods (a notebook's cells become instance methods).
 *
 * <pre>{@code
 * static final StudentCode CODE = StudentCode.of("assignment1.Convolutions");
 * double[] y = CODE.method("correlate1d", double[].class, double[].class, int.class, int.class).call(x, w, 1, 0);
 * }</pre>
 */
public final class StudentCode {
    private final String className;

    private StudentCode(String className) {
        this.className = className;
    }

    public static StudentCode of(String className) {
        return new StudentCode(className);
    }

    /** A method of the student's class; it is looked up when first called. */
    public StudentMethod method(String name, Class<?>... parameterTypes) {
        return new StudentMethod(name, parameterTypes.clone());
    }

    /**
     * The value of {@code compute} computed once per graded submission (a trained model that
     * several tests look at); a failure is remembered too, and rethrown to each test that asks.
     */
    public static <T> T once(String key, ThrowingSupplier<T> compute) throws Throwable {
        return GradingSession.current().memo(key, compute);
    }

    /** The executor could not find what a call named. */
    static final class Missing extends Exception {
        enum Kind { CLASS, METHOD, CONSTRUCTOR }

        final Kind kind;
        final String detail;

        Missing(Kind kind, String detail) {
            super(kind + ": " + detail, null, false, false);
            this.kind = kind;
            this.detail = detail;
        }
    }

    private static String packageOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "no package" : "package " + name.substring(0, dot);
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** One method of the student's class. */
    public final class StudentMethod {
        private final String name;
        private final Class<?>[] types;

        private StudentMethod(String name, Class<?>[] types) {
            this.name = name;
            this.types = types;
        }

        /** Calls the method with copies of the arguments; rethrows what the student code threw. */
        @SuppressWarnings("unchecked")
        public <T> T call(Object... args) throws Throwable {
            try {
                return (T) GradingSession.current().call(className, name, types, args);
            } catch (Missing m) {
                switch (m.kind) {
                    case CLASS:
                        throw new AssertionFailedError("class " + className + " was not found in your submission."
                                + " Keep the package (" + packageOf(className) + ") and the class name of the skeleton.");
                    case CONSTRUCTOR:
                        throw new AssertionFailedError(className + " needs a constructor without parameters"
                                + " (or make the methods static), as in the skeleton.");
                    default:
                        throw new AssertionFailedError("your " + simpleName(className) + " has no method " + signature(name, types)
                                + (m.detail.isEmpty() ? "" : "; it has " + m.detail)
                                + ". Keep the method names and parameter types of the skeleton.");
                }
            }
        }

        @Override
        public String toString() {
            return signature(name, types);
        }
    }

    private static String signature(String name, Class<?>[] types) {
        return name + "(" + Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }
}
