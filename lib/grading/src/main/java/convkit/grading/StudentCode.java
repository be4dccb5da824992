package convkit.grading;

import convkit.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * The student's class, reached by name so that graders compile without it and a missing or
 * misspelt method costs only the tests that call it. Methods may be static or instance methods
 * (a notebook's cells become instance methods). Array and tensor arguments are copied first,
 * so student code cannot change the grader's data.
 *
 * <pre>{@code
 * static final StudentCode CODE = StudentCode.of("assignment1.Convolutions");
 * double[] y = CODE.method("correlate1d", double[].class, double[].class, int.class, int.class).call(x, w, 1, 0);
 * }</pre>
 */
public final class StudentCode {
    private final String className;
    private Class<?> type;
    private Object instance;

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

    private synchronized Class<?> type() {
        if (type == null) {
            try {
                type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionFailedError("class " + className + " was not found in your submission."
                        + " Keep the package (" + packageOf(className) + ") and the class name of the skeleton.");
            }
        }
        return type;
    }

    private synchronized Object instance() throws Throwable {
        if (instance == null) {
            Constructor<?> c;
            try {
                c = type().getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new AssertionFailedError(className + " needs a constructor without parameters"
                        + " (or make the methods static), as in the skeleton.");
            }
            c.setAccessible(true);
            try {
                instance = c.newInstance();
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        return instance;
    }

    private static String packageOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "no package" : "package " + name.substring(0, dot);
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
            Method m = find();
            Object target = Modifier.isStatic(m.getModifiers()) ? null : instance();
            Object[] copies = new Object[args.length];
            for (int i = 0; i < args.length; i++) copies[i] = copy(args[i]);
            try {
                return (T) m.invoke(target, copies);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private Method find() {
            Class<?> c = type();
            try {
                Method m = c.getDeclaredMethod(name, types);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                List<String> same = new ArrayList<>();
                for (Method m : c.getDeclaredMethods()) if (m.getName().equals(name)) same.add(signature(m.getName(), m.getParameterTypes()));
                throw new AssertionFailedError("your " + c.getSimpleName() + " has no method " + signature(name, types)
                        + (same.isEmpty() ? "" : "; it has " + String.join(", ", same))
                        + ". Keep the method names and parameter types of the skeleton.");
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

    private static Object copy(Object o) {
        if (o instanceof double[]) return ((double[]) o).clone();
        if (o instanceof double[][]) {
            double[][] m = (double[][]) o;
            double[][] c = new double[m.length][];
            for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
            return c;
        }
        if (o instanceof int[]) return ((int[]) o).clone();
        if (o instanceof Tensor) return ((Tensor) o).copy();
        return o;
    }
}
