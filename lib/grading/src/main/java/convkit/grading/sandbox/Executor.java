package convkit.grading.sandbox;

import convkit.nn.Sequential;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The only program that runs next to student code. It knows nothing of graders, expected
 * values or points: it reads calls (class, method, parameter types, argument values) from
 * standard input, runs the student's method and writes back what it returned or threw, with
 * what the code printed meanwhile. The grader decides what the answer is worth.
 *
 * <p>Frames, all numbers big-endian ({@link DataOutputStream}):
 * <pre>
 * executor -> grader, once:  int HELLO
 * grader -> executor:        int REQUEST, byte CALL, long nonce, string class, string method, int n, n x string type, int k, k x value
 *                            int REQUEST, byte QUIT
 * executor -> grader:        int RESPONSE, int length, then length bytes: long nonce (as sent), byte status, string printed, long bytes not kept, payload
 *   RETURNED:  value, int m, m x (int argument index, model state)   (models passed in may be changed, as in Java)
 *   THREW:     int n, n x string type (the class, then its superclasses), bool has message, [string], int f, f x frame
 *   others:    string detail
 * </pre>
 */
public final class Executor {
    private Executor() {}

    public static final int HELLO = 0x434b4f4b, REQUEST = 0x434b5251, RESPONSE = 0x434b5253;
    public static final byte CALL = 1, QUIT = 2;
    public static final byte RETURNED = 0, THREW = 1, NO_CLASS = 2, NO_METHOD = 3, NO_CONSTRUCTOR = 4, UNSENDABLE = 5;
    /** Bytes of printed output kept per call. */
    public static final int OUTPUT_LIMIT = 4000;
    static final int MAX_FRAMES = 40;

    private static final Map<Class<?>, Object> INSTANCES = new HashMap<>();
    /** The grader's random number for the call being answered: a frame student code forges cannot know it. */
    private static long nonce;

    public static void main(String[] args) throws IOException {
        // The channel is the process's own standard streams; student code gets a captured System.out/err and an empty System.in.
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        Capture capture = new Capture(OUTPUT_LIMIT);
        PrintStream captured = new PrintStream(capture, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        out.writeInt(HELLO);
        out.flush();
        while (true) {
            try {
                if (in.readInt() != REQUEST) Runtime.getRuntime().halt(5);
                byte op = in.readByte();
                if (op != CALL) Runtime.getRuntime().halt(0);
                byte[] response = call(in, capture);
                out.writeInt(RESPONSE);
                out.writeInt(response.length);
                out.write(response);
                out.flush();
            } catch (EOFException e) {
                Runtime.getRuntime().halt(0); // the grader is gone
            }
        }
    }

    private static byte[] call(DataInputStream in, Capture capture) throws IOException {
        nonce = in.readLong();
        String className = Wire.readString(in), methodName = Wire.readString(in);
        int n = in.readInt();
        Class<?>[] types = new Class<?>[n];
        String[] typeNames = new String[n];
        for (int i = 0; i < n; i++) typeNames[i] = Wire.readString(in);
        int k = in.readInt();
        Object[] args = new Object[k];
        for (int i = 0; i < k; i++) args[i] = Wire.read(in);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream payload = new DataOutputStream(buf);
        byte status;
        try {
            for (int i = 0; i < n; i++) types[i] = type(typeNames[i]);
        } catch (ClassNotFoundException e) {
            return frame(NO_CLASS, capture, "parameter type " + e.getMessage());
        }
        Class<?> c;
        try {
            c = Class.forName(className, false, Executor.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return frame(NO_CLASS, capture, String.valueOf(e));
        }
        Method m;
        try {
            m = c.getDeclaredMethod(methodName, types);
            m.setAccessible(true);
        } catch (NoSuchMethodException e) {
            List<String> same = new ArrayList<>();
            for (Method x : c.getDeclaredMethods()) if (x.getName().equals(methodName)) same.add(signature(x));
            return frame(NO_METHOD, capture, String.join(", ", same));
        } catch (LinkageError | SecurityException e) {
            return frame(NO_CLASS, capture, String.valueOf(e));
        }
        Object result;
        try {
            Object target = null;
            if (!Modifier.isStatic(m.getModifiers())) {
                target = INSTANCES.get(c);
                if (target == null) {
                    Constructor<?> ctor;
                    try {
                        ctor = c.getDeclaredConstructor();
                    } catch (NoSuchMethodException e) {
                        return frame(NO_CONSTRUCTOR, capture, "");
                    }
                    ctor.setAccessible(true);
                    target = ctor.newInstance();
                    INSTANCES.put(c, target);
                }
            }
            result = m.invoke(target, args);
            status = RETURNED;
        } catch (InvocationTargetException e) {
            result = e.getCause();
            status = THREW;
        } catch (Throwable t) { // an initialiser that failed, and the like
            result = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            status = THREW;
        }
        try {
            if (status == RETURNED) {
                Wire.write(payload, result);
                List<Integer> models = new ArrayList<>();
                for (int i = 0; i < k; i++) if (args[i] instanceof Sequential) models.add(i);
                payload.writeInt(models.size());
                for (int i : models) {
                    payload.writeInt(i);
                    Wire.writeState(payload, (Sequential) args[i]);
                }
            } else {
                writeThrowable(payload, (Throwable) result);
            }
        } catch (Wire.UnsupportedValue e) {
            return frame(UNSENDABLE, capture, e.getMessage());
        }
        payload.flush();
        return frame(status, capture, buf.toByteArray());
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        switch (name) {
            case "int": return int.class;
            case "long": return long.class;
            case "double": return double.class;
            case "float": return float.class;
            case "boolean": return boolean.class;
            case "byte": return byte.class;
            case "short": return short.class;
            case "char": return char.class;
            default: return Class.forName(name, false, Executor.class.getClassLoader());
        }
    }

    private static String signature(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        Class<?>[] p = m.getParameterTypes();
        for (int i = 0; i < p.length; i++) sb.append(i == 0 ? "" : ", ").append(p[i].getSimpleName());
        return sb.append(')').toString();
    }

    private static void writeThrowable(DataOutputStream out, Throwable t) throws IOException {
        List<String> chain = new ArrayList<>();
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) chain.add(c.getName());
        out.writeInt(chain.size());
        for (String s : chain) Wire.writeString(out, s);
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable e) {
            message = "(the exception's getMessage() failed: " + e.getClass().getName() + ")";
        }
        out.writeBoolean(message != null);
        if (message != null) Wire.writeString(out, message.length() > 2000 ? message.substring(0, 2000) + " [...]" : message);
        StackTraceElement[] st = t.getStackTrace();
        int f = Math.min(st.length, MAX_FRAMES);
        out.writeInt(f);
        for (int i = 0; i < f; i++) {
            Wire.writeString(out, st[i].getClassName());
            Wire.writeString(out, st[i].getMethodName());
            out.writeBoolean(st[i].getFileName() != null);
            if (st[i].getFileName() != null) Wire.writeString(out, st[i].getFileName());
            out.writeInt(st[i].getLineNumber());
        }
    }

    private static byte[] frame(byte status, Capture capture, String detail) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Wire.writeString(new DataOutputStream(b), detail);
        return frame(status, capture, b.toByteArray());
    }

    private static byte[] frame(byte status, Capture capture, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 64);
        DataOutputStream d = new DataOutputStream(b);
        d.writeLong(nonce);
        d.writeByte(status);
        Object[] printed = capture.take();
        Wire.writeString(d, (String) printed[0]);
        d.writeLong((Long) printed[1]);
        d.write(payload);
        d.flush();
        return b.toByteArray();
    }

    /** Keeps the first {@code limit} bytes printed since the last call and counts the rest. */
    static final class Capture extends OutputStream {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Capture(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < limit) kept.write(b);
            else dropped++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, Math.min(len, limit - kept.size()));
            kept.write(b, off, room);
            dropped += len - room;
        }

        synchronized Object[] take() {
            Object[] r = {kept.toString(StandardCharsets.UTF_8), dropped};
            kept.reset();
            dropped = 0;
            return r;
        }
    }
}
