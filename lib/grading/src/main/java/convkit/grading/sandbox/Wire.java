package convkit.grading.sandbox;

import convkit.data.Dataset;
import convkit.nn.Layer;
import convkit.nn.LayerConfig;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values that cross between the grader and the executor, as tagged binary data: numbers,
 * strings, arrays, tensors, datasets and models (architecture, weights and gradients). Data
 * only, never code or class names to load: the reader builds ConvKit objects itself, so a value
 * from student code can be a wrong answer but nothing more. Both sides use this class.
 */
public final class Wire {
    private Wire() {}

    /** Largest array accepted, in elements: bigger than any honest answer, small enough for the grader's heap. */
    static final int MAX_ELEMENTS = 1 << 24;

    private static final byte NULL = 0, INT = 1, LONG = 2, DOUBLE = 3, BOOLEAN = 4, STRING = 5, DOUBLES = 6, MATRIX = 7,
            INTS = 8, TENSOR = 9, DATASET = 10, MODEL = 11, FLOAT = 12;

    /** A value of a type this wire cannot carry. */
    public static final class UnsupportedValue extends IOException {
        public UnsupportedValue(String message) {
            super(message);
        }
    }

    public static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Integer) {
            out.writeByte(INT);
            out.writeInt((Integer) v);
        } else if (v instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) v);
        } else if (v instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) v);
        } else if (v instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) v);
        } else if (v instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) v);
        } else if (v instanceof String) {
            out.writeByte(STRING);
            writeString(out, (String) v);
        } else if (v instanceof double[]) {
            out.writeByte(DOUBLES);
            writeDoubles(out, (double[]) v);
        } else if (v instanceof double[][]) {
            double[][] m = (double[][]) v;
            out.writeByte(MATRIX);
            out.writeInt(m.length);
            for (double[] row : m) {
                out.writeBoolean(row != null);
                if (row != null) writeDoubles(out, row);
            }
        } else if (v instanceof int[]) {
            int[] a = (int[]) v;
            out.writeByte(INTS);
            out.writeInt(a.length);
            for (int x : a) out.writeInt(x);
        } else if (v instanceof Tensor) {
            out.writeByte(TENSOR);
            writeTensor(out, (Tensor) v);
        } else if (v instanceof Dataset) {
            Dataset d = (Dataset) v;
            out.writeByte(DATASET);
            writeString(out, d.name());
            writeTensor(out, d.images());
            write(out, d.labels());
            out.writeInt(d.classNames().size());
            for (String s : d.classNames()) writeString(out, s);
        } else if (v instanceof Sequential) {
            out.writeByte(MODEL);
            writeModel(out, (Sequential) v);
        } else {
            throw new UnsupportedValue("a value of type " + v.getClass().getName() + " cannot be passed to or from student code");
        }
    }

    public static Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case FLOAT:
                return in.readFloat();
            case BOOLEAN:
                return in.readBoolean();
            case STRING:
                return readString(in);
            case DOUBLES:
                return readDoubles(in);
            case MATRIX: {
                double[][] m = new double[length(in)][];
                for (int i = 0; i < m.length; i++) if (in.readBoolean()) m[i] = readDoubles(in);
                return m;
            }
            case INTS: {
                int[] a = new int[length(in)];
                for (int i = 0; i < a.length; i++) a[i] = in.readInt();
                return a;
            }
            case TENSOR:
                return readTensor(in);
            case DATASET: {
                String name = readString(in);
                Tensor images = readTensor(in);
                int[] labels = (int[]) read(in);
                int n = length(in);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < n; i++) names.add(readString(in));
                return new Dataset(name, images, labels, names);
            }
            case MODEL:
                return readModel(in);
            default:
                throw new IOException("unknown value tag " + tag + " on the wire");
        }
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[length(in)];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ELEMENTS) throw new IOException("a length of " + n + " on the wire is out of range");
        return n;
    }

    private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double x : a) out.writeDouble(x);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[length(in)];
        for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
        return a;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float x : a) out.writeFloat(x);
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[length(in)];
        for (int i = 0; i < a.length; i++) a[i] = in.readFloat();
        return a;
    }

    private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
        int[] dims = t.shape().dims();
        out.writeInt(dims.length);
        for (int d : dims) out.writeInt(d);
        float[] b = t.buffer();
        long size = 1;
        for (int d : dims) size *= d;
        // A view's buffer may be larger than its shape; copy() makes it exact.
        writeFloats(out, b.length == size ? b : t.copy().buffer());
    }

    private static Tensor readTensor(DataInputStream in) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 8) throw new IOException("a tensor of rank " + rank + " on the wire");
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) throw new IOException("a negative tensor dimension on the wire");
            size *= dims[i];
        }
        float[] values = readFloats(in);
        if (values.length != size) throw new IOException("a tensor of shape " + java.util.Arrays.toString(dims) + " with " + values.length + " values");
        return Tensor.of(values, dims);
    }

    // ------------------------------------------------------------------ models

    private static void writeModel(DataOutputStream out, Sequential m) throws IOException {
        Shape in = m.exampleShape();
        out.writeBoolean(in != null);
        if (in != null) {
            out.writeInt(in.dims().length);
            for (int d : in.dims()) out.writeInt(d);
        }
        List<Layer> layers = m.layers();
        out.writeInt(layers.size());
        for (Layer l : layers) writeLayer(out, l);
        writeState(out, m);
    }

    private static Sequential readModel(DataInputStream in) throws IOException {
        int[] example = null;
        if (in.readBoolean()) {
            example = new int[in.readInt()];
            if (example.length > 8) throw new IOException("an input shape of rank " + example.length);
            for (int i = 0; i < example.length; i++) example[i] = in.readInt();
        }
        int n = length(in);
        if (n == 0 || n > 10_000) throw new IOException("a model with " + n + " layers on the wire");
        Layer[] layers = new Layer[n];
        for (int i = 0; i < n; i++) layers[i] = readLayer(in);
        Sequential m;
        if (example == null) {
            m = Sequential.of(layers);
        } else {
            Sequential.Builder b = Sequential.input(Shape.of(example));
            for (Layer l : layers) b.add(l);
            m = b.build(0); // the weights read next replace these
        }
        readState(in, m);
        return m;
    }

    /** The model's parameter values and gradients, in {@link Sequential#params()} order. */
    public static void writeState(DataOutputStream out, Sequential m) throws IOException {
        List<Param> ps = m.params();
        out.writeInt(ps.size());
        for (Param p : ps) {
            writeFloats(out, p.value().buffer());
            writeFloats(out, p.grad().buffer());
        }
    }

    /** Sets the parameters and gradients of {@code m} to those on the wire; the shapes must agree. */
    public static void readState(DataInputStream in, Sequential m) throws IOException {
        List<Param> ps = m.params();
        int n = in.readInt();
        if (n != ps.size()) throw new IOException("the model came back with " + n + " parameters instead of " + ps.size());
        for (Param p : ps) {
            float[] v = readFloats(in), g = readFloats(in);
            float[] pv = p.value().buffer(), pg = p.grad().buffer();
            if (v.length != pv.length || g.length != pg.length) throw new IOException("parameter " + p.name() + " changed its size");
            System.arraycopy(v, 0, pv, 0, v.length);
            System.arraycopy(g, 0, pg, 0, g.length);
        }
    }

    /** A layer as its {@link LayerConfig}: its type and its settings by name. */
    private static void writeLayer(DataOutputStream out, Layer l) throws IOException {
        LayerConfig c = l.config().orElseThrow(() -> new UnsupportedValue("the model has a layer of type " + l.getClass().getName()
                + ", which the grader cannot take over: build it from ConvKit's layers (conv2d, relu, maxPool, avgPool, flatten, dense, ...)"));
        writeString(out, c.type());
        Map<String, Object> f = c.fields();
        out.writeInt(f.size());
        for (Map.Entry<String, Object> e : f.entrySet()) {
            writeString(out, e.getKey());
            write(out, e.getValue());
        }
    }

    private static Layer readLayer(DataInputStream in) throws IOException {
        String type = readString(in);
        int n = in.readInt();
        if (n < 0 || n > 64) throw new IOException("a layer with " + n + " settings on the wire");
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < n; i++) f.put(readString(in), read(in));
        try {
            return LayerConfig.of(type, new LayerConfig.Fields() {
                private Object get(String name) {
                    Object v = f.get(name);
                    if (v == null) throw new IllegalArgumentException("no setting " + name);
                    return v;
                }

                @Override
                public int integer(String name) {
                    return ((Number) get(name)).intValue();
                }

                @Override
                public long longValue(String name) {
                    return ((Number) get(name)).longValue();
                }

                @Override
                public double number(String name) {
                    return ((Number) get(name)).doubleValue();
                }

                @Override
                public boolean flag(String name) {
                    return (Boolean) get(name);
                }

                @Override
                public String text(String name) {
                    return (String) get(name);
                }

                @Override
                public int[] pair(String name) {
                    return (int[]) get(name);
                }
            }).build();
        } catch (RuntimeException e) {
            throw new IOException("a layer " + type + " that cannot be rebuilt: " + e.getMessage(), e);
        }
    }
}
