package convkit.interop;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import convkit.conv.ConvSpec;
import convkit.data.Normalization;
import convkit.io.AtomicFiles;
import convkit.nn.AvgPool2d;
import convkit.nn.Conv2d;
import convkit.nn.Dense;
import convkit.nn.Dropout;
import convkit.nn.Flatten;
import convkit.nn.Layer;
import convkit.nn.MaxPool2d;
import convkit.nn.Pool2dLayer;
import convkit.nn.ReLU;
import convkit.nn.Sequential;
import convkit.nn.Sigmoid;
import convkit.nn.Tanh;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A ConvKit model as an <a href="https://onnx.ai">ONNX</a> file, which ONNX Runtime (CPU, GPU,
 * mobile, the browser), TensorRT, OpenVINO and others run. Opset 13; the batch dimension is
 * dynamic ({@code batch}); the weights are stored in the file.
 *
 * <pre>{@code
 * var ck = Checkpoint.load(Path.of("lenet5.safetensors"));
 * Onnx.export(ck, Path.of("lenet5.onnx"), Onnx.Options.DEFAULT);        // input: pixels in [0, 1]; output: logits
 * Onnx.export(net, Shape.of(1, 28, 28), Path.of("net.onnx"));           // a model in memory, inputs as it takes them
 * }</pre>
 *
 * Each layer becomes one node: Conv2d is {@code Conv} (strides, pads, dilations), MaxPool2d is
 * {@code MaxPool}, AvgPool2d is {@code AveragePool} with {@code count_include_pad=1} (ConvKit
 * counts padding as zeros), Dense is {@code Gemm} with the weight transposed as PyTorch's Linear,
 * Flatten is {@code Flatten(axis=1)}, ReLU/Sigmoid/Tanh are {@code Relu}/{@code Sigmoid}/{@code Tanh},
 * Dropout is {@code Identity} (an exported model only infers). With a {@link Normalization}, the
 * graph starts with {@code Sub(mean)} and {@code Div(std)}, so that it takes the pixels as they
 * are; with {@link Options#softmax()}, it ends with {@code Softmax(axis=1)} and gives probabilities.
 * Initializers keep ConvKit's names ({@code layers.0.weight}, ...).
 */
public final class Onnx {
    private Onnx() {}

    /** The operator set the files declare (ONNX Runtime 1.8 and later, onnx 1.8 and later read it). */
    public static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    static final long IR_VERSION = 7;

    /**
     * What to put around the model.
     *
     * @param normalization applied first, inside the graph ({@code (x - mean) / std}); null or {@link Normalization#NONE} for none
     * @param softmax       end with Softmax: the output is class probabilities instead of logits
     * @param classNames    stored in the file's metadata ({@code convkit.classes}), may be empty
     */
    public record Options(Normalization normalization, boolean softmax, List<String> classNames) {
        /** No normalisation node, logits out. */
        public static final Options DEFAULT = new Options(null, false, List.of());

        public Options {
            classNames = classNames == null ? List.of() : List.copyOf(classNames);
        }

        public Options withNormalization(Normalization n) {
            return new Options(n, softmax, classNames);
        }

        public Options withSoftmax(boolean s) {
            return new Options(normalization, s, classNames);
        }

        public Options withClassNames(List<String> names) {
            return new Options(normalization, softmax, names);
        }
    }

    /** Exports a checkpoint's model with its normalisation inside the graph (input: pixels as read) and its class names. */
    public static void export(Checkpoint ck, Path file, Options options) {
        Shape example = ck.model().exampleShape();
        if (example == null) throw new IllegalArgumentException("the checkpoint's model has no input shape; use export(model, shape, file, options)");
        Options o = options.withClassNames(ck.classNames());
        if (o.normalization() == null) o = o.withNormalization(ck.normalization());
        export(ck.model(), example, file, o);
    }

    /** Exports {@code model} for examples of shape {@code example} (C, H, W), logits out, no normalisation node. */
    public static void export(Sequential model, Shape example, Path file) {
        export(model, example, file, Options.DEFAULT);
    }

    /** Exports {@code model} for examples of shape {@code example} (C, H, W); written atomically. */
    public static void export(Sequential model, Shape example, Path file, Options options) {
        AtomicFiles.write(file, ByteBuffer.wrap(toBytes(model, example, options)));
    }

    /** The ONNX model as bytes (a serialised {@code ModelProto}). */
    public static byte[] toBytes(Sequential model, Shape example, Options options) {
        return build(model, example, options).toByteArray();
    }

    // ------------------------------------------------------------------ the graph

    static ModelProto build(Sequential model, Shape example, Options options) {
        if (example == null) throw new IllegalArgumentException("the input shape (C, H, W) is needed; the model was built without one");
        int[] d = example.dims();
        int[] batch1 = new int[d.length + 1];
        batch1[0] = 1;
        System.arraycopy(d, 0, batch1, 1, d.length);
        Shape out = model.outputShape(Shape.of(batch1));   // checks every layer against the input shape first

        GraphProto.Builder g = GraphProto.newBuilder().setName("convkit");
        g.addInput(value("input", Shape.of(batch1)));
        String x = "input";
        Normalization norm = options.normalization();
        if (norm != null && !norm.equals(Normalization.NONE)) {
            g.addInitializer(scalar("normalization.mean", (float) norm.mean()));
            g.addInitializer(scalar("normalization.std", (float) norm.std()));
            g.addNode(node("Sub", "normalization.Sub", List.of(x, "normalization.mean"), "normalization.centred"));
            g.addNode(node("Div", "normalization.Div", List.of("normalization.centred", "normalization.std"), "normalization"));
            x = "normalization";
        }
        x = layers(g, model, "layers.", x);
        String output = options.softmax() ? "probabilities" : "logits";
        if (options.softmax()) {
            g.addNode(node("Softmax", "Softmax", List.of(x), output).addAttribute(intAttr("axis", 1)));
        } else {
            g.addNode(node("Identity", "output", List.of(x), output));
        }
        g.addOutput(value(output, out));

        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("ConvKit")
                .setProducerVersion(version())
                .setDocString(doc(model, example, norm, options.softmax()))
                .setGraph(g);
        if (!options.classNames().isEmpty()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey("convkit.classes")
                    .setValue(new com.google.gson.Gson().toJson(options.classNames())));
        }
        if (norm != null) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey("convkit.normalization")
                    .setValue(String.format(Locale.ROOT, "{\"mean\":%s,\"std\":%s,\"in_graph\":%s}", norm.mean(), norm.std(),
                            !norm.equals(Normalization.NONE))));
        }
        return m.build();
    }

    /** Appends a node per layer; nested Sequentials get names like {@code layers.3.1}. Returns the last value's name. */
    private static String layers(GraphProto.Builder g, Sequential model, String prefix, String x) {
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.get(i);
            String name = prefix + i;
            if (l instanceof Sequential inner) {
                x = layers(g, inner, name + ".", x);
                continue;
            }
            String op;
            NodeProto.Builder n;
            if (l instanceof Conv2d c) {
                ConvSpec s = c.spec();
                g.addInitializer(tensor(name + ".weight", c.weight().value()));
                List<String> in = c.hasBias() ? List.of(x, name + ".weight", name + ".bias") : List.of(x, name + ".weight");
                if (c.hasBias()) g.addInitializer(tensor(name + ".bias", c.bias().value()));
                n = node(op = "Conv", name + ".Conv", in, name)
                        .addAttribute(intsAttr("kernel_shape", c.kernel(), c.kernel()))
                        .addAttribute(intsAttr("strides", s.strideH(), s.strideW()))
                        .addAttribute(intsAttr("pads", s.padH(), s.padW(), s.padH(), s.padW()))
                        .addAttribute(intsAttr("dilations", s.dilationH(), s.dilationW()));
            } else if (l instanceof Pool2dLayer p) {
                PoolSpec s = p.spec();
                op = l instanceof MaxPool2d ? "MaxPool" : "AveragePool";
                n = node(op, name + "." + op, List.of(x), name)
                        .addAttribute(intsAttr("kernel_shape", s.window(), s.window()))
                        .addAttribute(intsAttr("strides", s.stride(), s.stride()))
                        .addAttribute(intsAttr("pads", s.padding(), s.padding(), s.padding(), s.padding()));
                if (l instanceof AvgPool2d) n.addAttribute(intAttr("count_include_pad", 1));
            } else if (l instanceof Dense dense) {
                g.addInitializer(tensor(name + ".weight", dense.weight().value()));
                g.addInitializer(tensor(name + ".bias", dense.bias().value()));
                n = node(op = "Gemm", name + ".Gemm", List.of(x, name + ".weight", name + ".bias"), name)
                        .addAttribute(intAttr("transB", 1));   // y = x W^T + b, W stored (out, in) as nn.Linear
            } else if (l instanceof Flatten) {
                n = node(op = "Flatten", name + ".Flatten", List.of(x), name).addAttribute(intAttr("axis", 1));
            } else if (l instanceof ReLU) {
                n = node(op = "Relu", name + ".Relu", List.of(x), name);
            } else if (l instanceof Sigmoid) {
                n = node(op = "Sigmoid", name + ".Sigmoid", List.of(x), name);
            } else if (l instanceof Tanh) {
                n = node(op = "Tanh", name + ".Tanh", List.of(x), name);
            } else if (l instanceof Dropout) {
                n = node(op = "Identity", name + ".Dropout", List.of(x), name);   // inference: dropout passes values through
            } else {
                throw noOnnxForm(l, name);
            }
            n.setDocString(l.toString());
            g.addNode(n);
            x = name;
        }
        return x;
    }

    /** The error for a layer ONNX cannot express: which layer, and the ways out. */
    static IllegalArgumentException noOnnxForm(Layer l, String name) {
        String kind = l.getClass().getSimpleName().isEmpty() ? l.getClass().getName() : l.getClass().getSimpleName();
        return new IllegalArgumentException("cannot export " + name + " (" + kind + ": " + l + ") to ONNX: it is not one of ConvKit's"
                + " built-in layers (Conv2d, MaxPool2d, AvgPool2d, Dense, Flatten, ReLU, Sigmoid, Tanh, Dropout), so ConvKit does not"
                + " know its computation. Ways out: build the model from built-in layers; or export the layers before it"
                + " (Sequential.of(...) with those) and write this step in the runtime yourself; or write it as a PyTorch module"
                + " and let torch.onnx.export produce the file.");
    }

    // ------------------------------------------------------------------ small builders

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static TensorProto tensor(String name, Tensor t) {
        ByteBuffer raw = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);   // ONNX raw_data is little-endian
        raw.asFloatBuffer().put(t.buffer(), 0, t.size());
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (int d : t.shape().dims()) b.addDims(d);
        return b.build();
    }

    private static TensorProto scalar(String name, float v) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(v).build();
    }

    /** A float tensor value whose first dimension is the dynamic {@code batch}. */
    private static ValueInfoProto value(String name, Shape batchShape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int i = 1; i < batchShape.rank(); i++) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(batchShape.dim(i)));
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    private static String doc(Sequential model, Shape example, Normalization norm, boolean softmax) {
        boolean normalised = norm != null && !norm.equals(Normalization.NONE);
        return "ConvKit " + model + ". Input \"input\": float32 (batch" + example.toString().replace("(", ", ")
                + (normalised ? String.format(Locale.ROOT, ", the raw values (pixels in [0, 1]); the graph normalises them, (x - %s) / %s",
                        norm.mean(), norm.std()) : ", as the model takes them")
                + ". Output \"" + (softmax ? "probabilities" : "logits") + "\": " + (softmax ? "class probabilities (softmax)" : "class scores (logits)")
                + ", one row per example.";
    }

    static String version() {
        String v = Onnx.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
