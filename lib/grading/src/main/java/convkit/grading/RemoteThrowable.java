package convkit.grading;

import convkit.grading.sandbox.Wire;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What student code threw in the executor, rebuilt in the grader from its description alone:
 * the nearest JDK class in its chain of superclasses (so {@code catch (IllegalArgumentException e)}
 * in a grader and {@link Feedback#explain} work as before), its message and its stack frames.
 * No class of the student's is ever loaded here; a student's own exception type becomes a
 * {@link StudentException} that keeps the type's name.
 */
final class RemoteThrowable {
    private RemoteThrowable() {}

    /** An exception of a type the student declared. */
    static final class StudentException extends RuntimeException {
        private final String typeName;

        StudentException(String typeName, String message) {
            super(message);
            this.typeName = typeName;
        }

        String simpleName() {
            return typeName.substring(typeName.lastIndexOf('.') + 1).replace('$', '.');
        }

        @Override
        public String toString() {
            return typeName + (getMessage() == null ? "" : ": " + getMessage());
        }
    }

    static Throwable read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > 64) throw new IOException("an exception with " + n + " types");
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) chain.add(Wire.readString(in));
        String message = in.readBoolean() ? Wire.readString(in) : null;
        int f = in.readInt();
        if (f < 0 || f > 1000) throw new IOException("an exception with " + f + " frames");
        StackTraceElement[] frames = new StackTraceElement[f];
        for (int i = 0; i < f; i++) {
            String c = Wire.readString(in), m = Wire.readString(in);
            String file = in.readBoolean() ? Wire.readString(in) : null;
            frames[i] = new StackTraceElement(c, m, file, in.readInt());
        }
        Throwable t = rebuild(chain, message);
        t.setStackTrace(frames);
        return t;
    }

    private static Throwable rebuild(List<String> chain, String message) {
        if (!chain.get(0).startsWith("java.")) {
            Throwable jdk = jdkInstance(chain, message);
            if (!(jdk instanceof Error)) return new StudentException(chain.get(0), message);
            return jdk; // an Error subclass of the student's: keep its JDK kind
        }
        return jdkInstance(chain, message);
    }

    /** An instance of the first java.* class of the chain that has a (String) constructor. */
    private static Throwable jdkInstance(List<String> chain, String message) {
        for (String name : chain) {
            if (!name.startsWith("java.")) continue;
            try {
                Class<?> c = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
                if (!Throwable.class.isAssignableFrom(c)) continue;
                return (Throwable) c.getConstructor(String.class).newInstance(message);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not a class of the JDK, or no such constructor: try its superclass
            }
        }
        return new RuntimeException(message);
    }
}
