package convkit.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import convkit.nn.Layer;
import convkit.nn.LayerConfig;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        for (String k : arch.keySet()) {
            if (!k.equals("input") && !k.equals("layers")) throw new IllegalArgumentException(source + ": unknown field \"" + k + "\"; known: input, layers");
        }
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

    /** Defaults of the optional fields, per type (PyTorch's: stride 1 or the window, no padding, bias on). */
    private static final Map<String, Map<String, Object>> DEFAULTS = Map.of(
            "Conv2d", Map.of("stride", 1, "padding", 0, "dilation", 1, "rounding", "strict", "bias", true),
            "MaxPool2d", Map.of("padding", 0, "rounding", "strict"),
            "AvgPool2d", Map.of("padding", 0, "rounding", "strict"),
            "Dropout", Map.of("p", 0.5, "seed", 0));
    /** The fields each type knows; "in" is filled in from the shape so far when absent. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Conv2d", Set.of("in", "out", "kernel", "stride", "padding", "dilation", "rounding", "bias"),
            "MaxPool2d", Set.of("window", "stride", "padding", "rounding"),
            "AvgPool2d", Set.of("window", "stride", "padding", "rounding"),
            "Dense", Set.of("in", "out"),
            "Dropout", Set.of("p", "seed"));

    /** One layer through {@link LayerConfig#of}, with the defaults above and "in" from {@code current}. */
    private static Layer layer(JsonObject o, Shape current, String where) {
        if (!o.has("type")) throw new IllegalArgumentException(where + ": no \"type\"; one of " + String.join(", ", TYPES));
        String given = o.get("type").getAsString();
        String type = given.equalsIgnoreCase("linear") ? "Dense"
                : TYPES.stream().filter(t -> t.equalsIgnoreCase(given)).findFirst().orElse(null);
        String at = where + " (" + given + ")";
        if (type == null) throw new IllegalArgumentException(at + ": unknown type; one of " + String.join(", ", TYPES));
        Set<String> known = new java.util.TreeSet<>(FIELDS.getOrDefault(type, Set.of()));
        known.add("type");
        for (String k : o.keySet()) {
            if (!known.contains(k)) throw new IllegalArgumentException(at + ": unknown field \"" + k + "\"; known: " + String.join(", ", known));
        }
        if (type.equals("Conv2d") && current.rank() != 4) throw new IllegalArgumentException(at + ": the shape so far is " + current + ", not (N, C, H, W)");
        if (type.equals("Dense") && current.rank() != 2) {
            throw new IllegalArgumentException(at + ": the shape so far is " + current + ", not (N, features); add {\"type\": \"Flatten\"} first");
        }
        Map<String, Object> defaults = DEFAULTS.getOrDefault(type, Map.of());
        LayerConfig.Fields f = new LayerConfig.Fields() {
            public int integer(String name) {
                if (name.equals("stride") && !o.has(name) && o.has("window")) return integer("window");
                if (name.equals("in") && !o.has(name)) return current.dim(1);
                JsonElement e = field(name);
                return e == null ? ((Number) defaults.get(name)).intValue() : Architecture.integer(e, at + ": " + name);
            }

            public long longValue(String name) {
                JsonElement e = field(name);
                return e == null ? ((Number) defaults.get(name)).longValue() : e.getAsLong();
            }

            public double number(String name) {
                JsonElement e = field(name);
                return e == null ? ((Number) defaults.get(name)).doubleValue() : e.getAsDouble();
            }

            public boolean flag(String name) {
                JsonElement e = field(name);
                return e == null ? (Boolean) defaults.get(name) : e.getAsBoolean();
            }

            public String text(String name) {
                JsonElement e = field(name);
                String v = e == null ? (String) defaults.get(name) : e.getAsString();
                if (name.equals("rounding")) {
                    if (!v.equalsIgnoreCase("strict") && !v.equalsIgnoreCase("floor")) {
                        throw new IllegalArgumentException(at + ": rounding must be \"strict\" or \"floor\", got \"" + v + "\"");
                    }
                    return v.toUpperCase(Locale.ROOT);
                }
                return v;
            }

            public int[] pair(String name) {
                JsonElement e = field(name);
                if (e == null) {
                    int v = ((Number) defaults.get(name)).intValue();
                    return new int[] {v, v};
                }
                if (e.isJsonArray()) {
                    JsonArray a = e.getAsJsonArray();
                    if (a.size() != 2) throw new IllegalArgumentException(at + ": " + name + " must be a number or [height, width], got " + a);
                    return new int[] {Architecture.integer(a.get(0), at + ": " + name), Architecture.integer(a.get(1), at + ": " + name)};
                }
                int v = Architecture.integer(e, at + ": " + name);
                return new int[] {v, v};
            }

            /** The field's value, null when absent and it has a default; absent without a default is an error. */
            private JsonElement field(String name) {
                if (o.has(name)) return o.get(name);
                if (defaults.containsKey(name)) return null;
                throw new IllegalArgumentException(at + ": needs \"" + name + "\"");
            }
        };
        try {
            return LayerConfig.of(type, f).build();
        } catch (UnsupportedOperationException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(at + ": a field has the wrong kind (" + e.getMessage() + ")", e);
        }
    }

    private static final List<String> TYPES = List.of("Conv2d", "MaxPool2d", "AvgPool2d", "Dense", "Dropout", "ReLU", "Sigmoid", "Tanh", "Flatten");

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
