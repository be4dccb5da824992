package convkit.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import convkit.conv.ConvSpec;
import convkit.conv.Rounding;
import convkit.nn.AvgPool2d;
import convkit.nn.Conv2d;
import convkit.nn.Dense;
import convkit.nn.Dropout;
import convkit.nn.Flatten;
import convkit.nn.Layer;
import convkit.nn.MaxPool2d;
import convkit.nn.Models;
import convkit.nn.ReLU;
import convkit.nn.Sequential;
import convkit.nn.Sigmoid;
import convkit.nn.Tanh;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A network's architecture without its weights, for weights that come without one (a PyTorch
 * {@code state_dict}): a model name ({@code lenet5}, {@code cnn1}) or a small JSON description,
 * inline or in a file. Input channels and features are filled in from the shape so far, as the
 * {@link Sequential.Builder} does; every field but {@code type} and the sizes has PyTorch's default.
 *
 * <pre>{@code
 * {"input": [1, 28, 28], "layers": [
 *   {"type": "Conv2d", "out": 6, "kernel": 5, "padding": 2}, {"type": "ReLU"}, {"type": "MaxPool2d", "window": 2},
 *   {"type": "Conv2d", "out": 16, "kernel": 5}, {"type": "ReLU"}, {"type": "MaxPool2d", "window": 2},
 *   {"type": "Flatten"}, {"type": "Dense", "out": 120}, {"type": "ReLU"},
 *   {"type": "Dense", "out": 84}, {"type": "ReLU"}, {"type": "Dense", "out": 10}]}
 * }</pre>
 * Conv2d takes {@code out, kernel, stride, padding, dilation} (a number or [height, width]),
 * {@code bias} (true) and {@code rounding} ("strict" or "floor"); MaxPool2d and AvgPool2d take
 * {@code window, stride} (the window), {@code padding} (0) and {@code rounding}; Dense takes
 * {@code out}; Dropout takes {@code p} and {@code seed}; ReLU, Sigmoid, Tanh and Flatten take
 * nothing. {@code in} may be given as a check. The architecture a checkpoint stores is accepted too.
 */
public final class Architecture {
    private Architecture() {}

    /**
     * The model {@code spec} names: a name of {@link Models#byName}, a JSON description (text
     * starting with <code>{</code>) or a file holding one. The weights are He-initialised from seed 0.
     */
    public static Sequential of(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("architecture: empty; give a model name ("
                + String.join(", ", Models.NAMES) + ") or a JSON description");
        String s = spec.strip();
        if (Models.NAMES.contains(s)) return Models.byName(s, 0);
        if (s.startsWith("{")) return fromJson(s, "the JSON description");
        Path file = Path.of(s);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("architecture \"" + s + "\" is not a model name (" + String.join(", ", Models.NAMES)
                    + "), not JSON (which starts with {) and not a file");
        }
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /**
     * The architecture of {@code model} as JSON in the form checkpoints store (every field written
     * out), which {@link #fromJson} reads back. The model must have an input shape.
     */
    public static String toJson(Sequential model) {
        if (model.exampleShape() == null) throw new IllegalArgumentException("the model was built without an input shape (Sequential.of); build it with Sequential.input(...)");
        return new com.google.gson.Gson().toJson(Checkpoint.architecture(model));
    }

    /** A model from a JSON description (see the class comment); {@code source} names it in messages. */
    public static Sequential fromJson(String json, String source) {
        JsonObject arch;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) throw new JsonParseException("not a JSON object");
            arch = el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        known(arch, source, Set.of("input", "layers"));
        if (!arch.has("input") || !arch.get("input").isJsonArray()) {
            throw new IllegalArgumentException(source + ": needs \"input\": [channels, height, width], e.g. [1, 28, 28]");
        }
        if (!arch.has("layers") || !arch.get("layers").isJsonArray() || arch.getAsJsonArray("layers").isEmpty()) {
            throw new IllegalArgumentException(source + ": needs \"layers\": [ {\"type\": \"Conv2d\", ...}, ... ]");
        }
        JsonArray in = arch.getAsJsonArray("input");
        int[] dims = new int[in.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = integer(in.get(i), source + ": input");
        Sequential.Builder b = Sequential.input(Shape.of(dims));
        JsonArray layers = arch.getAsJsonArray("layers");
        for (int i = 0; i < layers.size(); i++) {
            String where = source + ": layer " + i;
            if (!layers.get(i).isJsonObject()) throw new IllegalArgumentException(where + " is not an object like {\"type\": \"ReLU\"}");
            try {
                b.add(layer(layers.get(i).getAsJsonObject(), b.currentShape(), where));
            } catch (ShapeException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return b.build(0);
    }

    private static Layer layer(JsonObject o, Shape current, String where) {
        if (!o.has("type")) throw new IllegalArgumentException(where + ": no \"type\"; one of " + String.join(", ", TYPES));
        String type = o.get("type").getAsString();
        where = where + " (" + type + ")";
        switch (type.toLowerCase(Locale.ROOT)) {
            case "conv2d": {
                known(o, where, Set.of("type", "in", "out", "kernel", "stride", "padding", "dilation", "rounding", "bias"));
                if (current.rank() != 4) throw new IllegalArgumentException(where + ": the shape so far is " + current + ", not (N, C, H, W)");
                int[] s = pair(o, "stride", 1, where), p = pair(o, "padding", 0, where), d = pair(o, "dilation", 1, where);
                ConvSpec spec = new ConvSpec(s[0], s[1], p[0], p[1], d[0], d[1], rounding(o, where));
                int inChannels = o.has("in") ? integer(o.get("in"), where + ": in") : current.dim(1);
                return new Conv2d(inChannels, required(o, "out", where), required(o, "kernel", where), spec,
                        !o.has("bias") || o.get("bias").getAsBoolean());
            }
            case "maxpool2d":
            case "avgpool2d": {
                known(o, where, Set.of("type", "window", "stride", "padding", "rounding"));
                int window = required(o, "window", where);
                PoolSpec spec = new PoolSpec(type.equalsIgnoreCase("maxpool2d") ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG, window,
                        optional(o, "stride", window, where), optional(o, "padding", 0, where), rounding(o, where));
                return spec.kind() == PoolSpec.Kind.MAX ? new MaxPool2d(spec) : new AvgPool2d(spec);
            }
            case "dense":
            case "linear": {
                known(o, where, Set.of("type", "in", "out"));
                if (current.rank() != 2) {
                    throw new IllegalArgumentException(where + ": the shape so far is " + current + ", not (N, features); add {\"type\": \"Flatten\"} first");
                }
                return new Dense(o.has("in") ? integer(o.get("in"), where + ": in") : current.dim(1), required(o, "out", where));
            }
            case "dropout":
                known(o, where, Set.of("type", "p", "seed"));
                return new Dropout(o.has("p") ? o.get("p").getAsDouble() : 0.5, o.has("seed") ? o.get("seed").getAsLong() : 0);
            case "relu":
                known(o, where, Set.of("type"));
                return new ReLU();
            case "sigmoid":
                known(o, where, Set.of("type"));
                return new Sigmoid();
            case "tanh":
                known(o, where, Set.of("type"));
                return new Tanh();
            case "flatten":
                known(o, where, Set.of("type"));
                return new Flatten();
            default:
                throw new IllegalArgumentException(where + ": unknown type; one of " + String.join(", ", TYPES));
        }
    }

    private static final List<String> TYPES = List.of("Conv2d", "MaxPool2d", "AvgPool2d", "Dense", "Dropout", "ReLU", "Sigmoid", "Tanh", "Flatten");

    private static void known(JsonObject o, String where, Set<String> fields) {
        for (String k : o.keySet()) {
            if (!fields.contains(k)) throw new IllegalArgumentException(where + ": unknown field \"" + k + "\"; known: " + String.join(", ", new java.util.TreeSet<>(fields)));
        }
    }

    private static int required(JsonObject o, String field, String where) {
        if (!o.has(field)) throw new IllegalArgumentException(where + ": needs \"" + field + "\"");
        return integer(o.get(field), where + ": " + field);
    }

    private static int optional(JsonObject o, String field, int fallback, String where) {
        return o.has(field) ? integer(o.get(field), where + ": " + field) : fallback;
    }

    /** A number for both axes, or [height, width]. */
    private static int[] pair(JsonObject o, String field, int fallback, String where) {
        if (!o.has(field)) return new int[] {fallback, fallback};
        JsonElement e = o.get(field);
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (a.size() != 2) throw new IllegalArgumentException(where + ": " + field + " must be a number or [height, width], got " + a);
            return new int[] {integer(a.get(0), where + ": " + field), integer(a.get(1), where + ": " + field)};
        }
        int v = integer(e, where + ": " + field);
        return new int[] {v, v};
    }

    private static Rounding rounding(JsonObject o, String where) {
        if (!o.has("rounding")) return Rounding.STRICT;
        String r = o.get("rounding").getAsString();
        for (Rounding x : Rounding.values()) if (x.name().equalsIgnoreCase(r)) return x;
        throw new IllegalArgumentException(where + ": rounding must be \"strict\" or \"floor\", got \"" + r + "\"");
    }

    private static int integer(JsonElement e, String where) {
        try {
            double d = e.getAsDouble();
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new NumberFormatException();
            return (int) d;
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(where + " must be a whole number, got " + e);
        }
    }
}
