package convkit.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public static method and public constructor of the user-facing packages, called with null
 * for one argument at a time (the others small valid values): none may answer with a bare
 * NullPointerException (the JVM's "Cannot invoke ... because ... is null"), an
 * ArrayIndexOutOfBoundsException or an OutOfMemoryError. A named NullPointerException
 * ({@code Objects.requireNonNull(x, "...")}) or any other message is fine.
 */
class NullArgumentsTest {
    /** The fast path's kernels (exec) take raw arrays from the layers, not from users; these records are built by the library. */
    static final Set<String> INTERNAL = Set.of("convkit.conv.Explanation", "convkit.nn.Summary", "convkit.lecture.Tour",
            "convkit.lecture.Example", "convkit.lecture.Check");

    @Test
    void noPublicEntryPointAnswersNullWithABareException() throws Exception {
        Path root = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> bare = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).sorted().toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
                if (name.startsWith("convkit.exec.") || INTERNAL.contains(name)) continue;
                Class<?> c = Class.forName(name);
                if (!Modifier.isPublic(c.getModifiers())) continue;
                List<Executable> entries = new ArrayList<>();
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !m.getName().equals("main")) entries.add(m);
                }
                for (Constructor<?> k : c.getDeclaredConstructors()) if (Modifier.isPublic(k.getModifiers())) entries.add(k);
                for (Executable e : entries) {
                    Class<?>[] types = e.getParameterTypes();
                    for (int i = 0; i < types.length; i++) {
                        if (types[i].isPrimitive()) continue;
                        Object[] args = new Object[types.length];
                        for (int j = 0; j < types.length; j++) args[j] = j == i ? null : value(types[j]);
                        calls++;
                        Throwable t = call(e, args);
                        if (bare(t)) bare.add(c.getSimpleName() + "." + e.getName() + " with argument " + (i + 1) + " null: " + t);
                    }
                }
            }
        }
        assertTrue(calls > 100, "the probe should reach the API: " + calls + " calls");
        assertTrue(bare.isEmpty(), bare.size() + " entry points answer null with a bare exception:\n" + String.join("\n", bare));
    }

    /** The same for the public instance methods of the objects students hold most. */
    @Test
    void noPublicMethodOfTheCommonObjectsAnswersNullWithABareException() {
        List<Object> objects = List.of(Tensor.rand(Shape.of(1, 1, 4, 4), 1), Tensor.rand(Shape.of(3, 3), 2), convkit.conv.Kernel2d.parse("1 0\n0 1"),
                convkit.conv.Kernel1d.of(1, 0, -1), convkit.pool.Pool.max(2), convkit.nn.Models.lenet5(1),
                convkit.data.Synthetic.bars(4, 8, 1), new convkit.nn.Conv2d(1, 2, 3), new convkit.nn.Dense(4, 2),
                new convkit.nn.MaxPool2d(2), new convkit.nn.ReLU(), new convkit.nn.Flatten(), convkit.train.TrainConfig.defaults(),
                Shape.of(1, 1, 4, 4), ConvSpec.DEFAULT);
        List<String> bare = new ArrayList<>();
        int calls = 0;
        for (Object o : objects) {
            for (Method m : o.getClass().getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class || m.getName().equals("equals")) continue;
                Class<?>[] types = m.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    if (types[i].isPrimitive()) continue;
                    Object[] args = new Object[types.length];
                    for (int j = 0; j < types.length; j++) args[j] = j == i ? null : value(types[j]);
                    calls++;
                    Throwable t;
                    try {
                        m.invoke(o, args);
                        t = null;
                    } catch (InvocationTargetException ex) {
                        t = ex.getCause();
                    } catch (ReflectiveOperationException | IllegalArgumentException ex) {
                        throw new AssertionError("the probe could not call " + m + ": " + ex, ex);
                    }
                    if (bare(t)) bare.add(o.getClass().getSimpleName() + "." + m.getName() + " with argument " + (i + 1) + " null: " + t);
                }
            }
        }
        assertTrue(calls > 50, "the probe should reach the API: " + calls + " calls");
        assertTrue(bare.isEmpty(), bare.size() + " methods answer null with a bare exception:\n" + String.join("\n", bare));
    }

    static Throwable call(Executable e, Object[] args) {
        try {
            if (e instanceof Method m) m.invoke(null, args);
            else ((Constructor<?>) e).newInstance(args);
            return null;
        } catch (InvocationTargetException ex) {
            return ex.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException ex) {
            throw new AssertionError("the probe could not call " + e + ": " + ex, ex);
        }
    }

    static boolean bare(Throwable t) {
        if (t instanceof NullPointerException) return t.getMessage() == null || t.getMessage().startsWith("Cannot ");
        return t instanceof ArrayIndexOutOfBoundsException || t instanceof OutOfMemoryError;
    }

    static Object value(Class<?> t) {
        if (t == int.class) return 2;
        if (t == long.class) return 2L;
        if (t == double.class) return 0.5;
        if (t == float.class) return 0.5f;
        if (t == boolean.class) return false;
        if (t == int[].class) return new int[] {1, 2, 2};
        if (t == double[].class) return new double[] {1, 2};
        if (t == float[].class) return new float[] {1, 2, 3, 4};
        if (t == double[][].class) return new double[][] {{1, 2}, {3, 4}};
        if (t == String.class) return "1 2\n3 4";
        if (t == Tensor.class) return Tensor.rand(Shape.of(1, 1, 4, 4), 1);
        if (t == Shape.class) return Shape.of(1, 1, 4, 4);
        if (t == ConvSpec.class) return ConvSpec.DEFAULT;
        if (t == convkit.conv.KernelSettings.class) return convkit.conv.KernelSettings.DEFAULT;
        if (t == convkit.pool.PoolSpec.class) return convkit.pool.PoolSpec.max(2);
        if (t == Path.class) return Path.of("/nonexistent/convkit-probe");
        if (t == List.class) return List.of("a", "b");
        return null;
    }
}
