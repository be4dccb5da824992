package convkit.interop;

import convkit.conv.ConvSpec;
import convkit.data.Normalization;
import convkit.io.AtomicFiles;
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
import convkit.train.Architecture;
import convkit.train.Checkpoint;
import convkit.train.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ConvKit model as PyTorch code: a small Python file that defines the {@code nn.Module} (one line
 * per layer, generated from the architecture) and a plain safetensors {@code state_dict} beside it.
 *
 * <pre>{@code
 * PyTorch.export(Checkpoint.load(Path.of("lenet5.safetensors")), Path.of("lenet5.py"));
 * // writes lenet5.py and lenet5_weights.safetensors; then, in Python:
 * //   from lenet5 import Model, load_file
 * //   model = Model(); model.load_state_dict(load_file("lenet5_weights.safetensors"))
 * }</pre>
 *
 * The module keeps the layers in {@code self.layers}, an {@code nn.Sequential}, so its state_dict
 * names are ConvKit's ({@code layers.0.weight}, ...) and the tensors have PyTorch's layouts already.
 * Debian 12 packages PyTorch but not the {@code safetensors} library, so the file carries its own
 * reader and writer ({@code load_file}, {@code save_file}; json, struct, numpy and torch only);
 * where {@code safetensors} is installed, {@code safetensors.torch.load_file} reads the same file.
 */
public final class PyTorch {
    private PyTorch() {}

    /** The two files an export writes. */
    public record Files(Path module, Path weights) {}

    /** The weights file beside {@code module}: {@code lenet5.py} gives {@code lenet5_weights.safetensors}. */
    public static Path weightsFor(Path module) {
        String name = module.getFileName().toString();
        String stem = name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
        return module.resolveSibling(stem + "_weights.safetensors");
    }

    /** Exports a checkpoint's model, its normalisation and class names; returns the files written. */
    public static Files export(Checkpoint ck, Path module) {
        return export(ck.model(), ck.model().exampleShape(), ck.normalization(), ck.classNames(), module);
    }

    /**
     * Writes {@code module} (a Python file whose name must end in .py, to be importable) and the
     * state_dict beside it ({@link #weightsFor}). {@code example} (C, H, W) may be null; the
     * normalisation and class names go into the file as constants (NONE and empty are fine).
     */
    public static Files export(Sequential model, Shape example, Normalization normalization, List<String> classNames, Path module) {
        String name = module.getFileName().toString();
        if (!name.endsWith(".py") || !name.substring(0, name.length() - 3).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("the PyTorch module file must be a Python module name ending in .py (letters, digits,"
                    + " underscores, not starting with a digit), e.g. lenet5.py, got \"" + name + "\"");
        }
        Path weights = weightsFor(module);
        String source = source(model, example, normalization, classNames, weights.getFileName().toString(), name.substring(0, name.length() - 3));
        StateDict.save(model, weights);
        AtomicFiles.writeString(module, source);
        return new Files(module, weights);
    }

    /** The Python source of the module file. */
    static String source(Sequential model, Shape example, Normalization normalization, List<String> classNames, String weightsName,
                         String moduleName) {
        List<String> lines = new ArrayList<>();
        Shape shape = example == null ? null : batchOfOne(example);
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.get(i);
            String code = layer(l, "layers." + i);
            if (shape != null) shape = l.outputShape(shape);
            lines.add(String.format(Locale.ROOT, "            %-62s # %d: %s%s", code + ",", i, l, shape == null ? "" : " -> " + perExample(shape)));
        }
        Normalization norm = normalization == null ? Normalization.NONE : normalization;
        String template = template();
        return template
                .replace("{{MODEL}}", model.toString())
                .replace("{{VERSION}}", Onnx.version())
                .replace("{{WEIGHTS}}", weightsName)
                .replace("{{INPUT_SHAPE}}", example == null ? "None" : tuple(example.dims()))
                .replace("{{INPUT_TEXT}}", example == null ? "(N, ...)" : "(N, " + example.toString().substring(1))
                .replace("{{MEAN}}", Double.toString(norm.mean()))
                .replace("{{STD}}", Double.toString(norm.std()))
                .replace("{{CLASSES}}", pyList(classNames))
                .replace("{{MODULE}}", moduleName)
                .replace("{{ARCHITECTURE}}", example == null ? "None" : pyString(Architecture.toJson(model)))
                .replace("{{LAYERS}}", String.join("\n", lines));
    }

    /** One layer as a PyTorch constructor call; fails with the way out for a layer PyTorch code cannot be written for. */
    static String layer(Layer l, String name) {
        if (l instanceof Conv2d c) {
            ConvSpec s = c.spec();
            StringBuilder b = new StringBuilder("nn.Conv2d(" + c.inChannels() + ", " + c.outChannels() + ", kernel_size=" + c.kernel());
            if (s.strideH() != 1 || s.strideW() != 1) b.append(", stride=").append(pair(s.strideH(), s.strideW()));
            if (s.padH() != 0 || s.padW() != 0) b.append(", padding=").append(pair(s.padH(), s.padW()));
            if (s.dilationH() != 1 || s.dilationW() != 1) b.append(", dilation=").append(pair(s.dilationH(), s.dilationW()));
            if (!c.hasBias()) b.append(", bias=False");
            return b.append(')').toString();
        }
        if (l instanceof Pool2dLayer p) {
            PoolSpec s = p.spec();
            StringBuilder b = new StringBuilder(l instanceof MaxPool2d ? "nn.MaxPool2d(" : "nn.AvgPool2d(").append(s.window());
            if (s.stride() != s.window()) b.append(", stride=").append(s.stride());
            if (s.padding() != 0) b.append(", padding=").append(s.padding());   // AvgPool2d counts padding as zeros, as ConvKit
            return b.append(')').toString();
        }
        if (l instanceof Dense d) return "nn.Linear(" + d.in() + ", " + d.out() + ")";
        if (l instanceof Flatten) return "nn.Flatten()";
        if (l instanceof ReLU) return "nn.ReLU()";
        if (l instanceof Sigmoid) return "nn.Sigmoid()";
        if (l instanceof Tanh) return "nn.Tanh()";
        if (l instanceof Dropout d) return "nn.Dropout(p=" + d.p() + ")";
        String kind = l.getClass().getSimpleName().isEmpty() ? l.getClass().getName() : l.getClass().getSimpleName();
        throw new IllegalArgumentException("cannot export " + name + " (" + kind + ": " + l + ") to PyTorch: only ConvKit's built-in"
                + " layers (Conv2d, MaxPool2d, AvgPool2d, Dense, Flatten, ReLU, Sigmoid, Tanh, Dropout) have a generated form"
                + (l instanceof Sequential ? ", and nested Sequentials are not flattened" : "")
                + ". Ways out: build the model from built-in layers; or export it and add your layer to the generated"
                + " nn.Sequential by hand (StateDict.save writes the weights under the same names).");
    }

    private static String template() {
        try (InputStream in = PyTorch.class.getResourceAsStream("pytorch_module.py.template")) {
            if (in == null) throw new IllegalStateException("pytorch_module.py.template is missing from the convkit-interop jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Shape batchOfOne(Shape example) {
        int[] d = example.dims();
        int[] b = new int[d.length + 1];
        b[0] = 1;
        System.arraycopy(d, 0, b, 1, d.length);
        return Shape.of(b);
    }

    private static String perExample(Shape batchShape) {
        int[] d = batchShape.dims();
        return tuple(java.util.Arrays.copyOfRange(d, 1, d.length));
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }

    private static String tuple(int[] d) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : ", ").append(d[i]);
        return sb.append(d.length == 1 ? ",)" : ")").toString();
    }

    /** A Python list of string literals. */
    private static String pyList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String s : items) quoted.add(pyString(s));
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A Python string literal: a JSON string is one (ASCII escapes, as Gson writes them, mean the same in both). */
    private static String pyString(String s) {
        return GSON.toJson(s);
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();
}
