package convkit.train;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import convkit.data.Normalization;
import convkit.io.AtomicFiles;
import convkit.nn.Conv2d;
import convkit.nn.Layer;
import convkit.nn.LayerConfig;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A trained model on disk: its architecture, its weights, the input normalisation and the class
 * names, in the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format, which
 * other tools (Python's {@code safetensors}, PyTorch) read too, and which holds no code.
 *
 * <pre>{@code
 * bytes 0-7    N, the header length, unsigned 64-bit little-endian
 * bytes 8..    N bytes of UTF-8 JSON, padded with spaces to a multiple of 8:
 *              { "__metadata__": { "convkit.format": "1",
 *                                  "convkit.architecture": "{\"input\":[1,28,28],\"layers\":[{\"type\":\"Conv2d\",...},...]}",
 *                                  "convkit.normalization": "{\"mean\":0.286,\"std\":0.353}",
 *                                  "convkit.classes": "[\"T-shirt/top\",...]",
 *                                  "convkit.crc32": "CRC-32 of the data bytes, hex", ...more info... },
 *                "layers.0.weight": { "dtype": "F32", "shape": [6, 1, 5, 5], "data_offsets": [0, 600] }, ... }
 * then         the tensors' float32 values, little-endian, row-major, back to back
 * }</pre>
 * Tensor names are {@code layers.<index>.<param>} (index 0-based in the Sequential). Files are
 * written atomically (a temporary file in the same folder, then a rename), so a crash never
 * leaves half a checkpoint. Loading checks every length, offset, shape and the CRC, and says which
 * one is wrong.
 */
public record Checkpoint(Sequential model, Normalization normalization, List<String> classNames, Map<String, String> info) {

    /** Largest header accepted: a real one is a few kilobytes. */
    static final long MAX_HEADER = 16L << 20;
    private static final Gson GSON = new Gson();

    public Checkpoint {
        java.util.Objects.requireNonNull(model, "Checkpoint: model must not be null");
        java.util.Objects.requireNonNull(normalization, "Checkpoint: normalization must not be null (Normalization.NONE for none)");
        java.util.Objects.requireNonNull(classNames, "Checkpoint: classNames must not be null");
        java.util.Objects.requireNonNull(info, "Checkpoint: info must not be null (Map.of() for none)");
        classNames = List.copyOf(classNames);
        info = Map.copyOf(info);
    }

    // ------------------------------------------------------------------ saving

    /** Writes this checkpoint to {@code file} atomically; the folder is created when missing. */
    public void save(Path file) {
        java.util.Objects.requireNonNull(file, "Checkpoint.save: the file must not be null");
        CheckpointGuard.checkClasses(model, classNames, file);
        JsonObject meta = new JsonObject();
        meta.addProperty("convkit.format", "1");
        meta.addProperty("convkit.architecture", GSON.toJson(architecture(model)));
        JsonObject norm = new JsonObject();
        norm.addProperty("mean", normalization.mean());
        norm.addProperty("std", normalization.std());
        meta.addProperty("convkit.normalization", GSON.toJson(norm));
        meta.addProperty("convkit.classes", GSON.toJson(classNames));
        meta.addProperty(CheckpointGuard.META_CRC, CheckpointGuard.metaCrc(meta));
        for (var e : info.entrySet()) meta.addProperty("info." + e.getKey(), e.getValue());

        Map<String, Param> tensors = named(model);
        long dataBytes = 0;
        for (Param p : tensors.values()) dataBytes += 4L * p.size();
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        JsonObject header = new JsonObject();
        JsonObject entries = new JsonObject();
        for (var e : tensors.entrySet()) {
            Param p = e.getValue();
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (int d : p.value().shape().dims()) shape.add(d);
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(data.position());
            for (float v : p.value().buffer()) data.putFloat(v);
            offsets.add(data.position());
            t.add("data_offsets", offsets);
            entries.add(e.getKey(), t);
        }
        CRC32 crc = new CRC32();
        crc.update(data.array());
        meta.addProperty("convkit.crc32", Long.toHexString(crc.getValue()));
        header.add("__metadata__", meta);
        for (var e : entries.entrySet()) header.add(e.getKey(), e.getValue());

        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        data.flip();
        writeAtomically(file, head, data);
    }

    /** Writes atomically (see {@link AtomicFiles}), after removing temporary files a killed save left. */
    static void writeAtomically(Path file, ByteBuffer... parts) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
        }
        CheckpointFiles.cleanStale(target);
        try {
            AtomicFiles.write(target, parts);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    // ------------------------------------------------------------------ loading

    /** Reads a checkpoint and rebuilds its model with the stored weights. */
    public static Checkpoint load(Path file) {
        Parsed p = parse(file);
        Sequential model;
        try {
            model = rebuild(p.architecture, file);
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": corrupt architecture in the header (" + e.getMessage() + ")", e);
        }
        fill(model, p, file);
        CheckpointGuard.checkClasses(model, p.classes, file);
        return new Checkpoint(model, p.normalization, p.classes, p.info);
    }

    /**
     * Loads the weights of {@code file} into an existing model of the same architecture (for
     * example one with custom layers that a checkpoint cannot rebuild). The file is a ConvKit
     * checkpoint or a plain safetensors {@code state_dict} written by PyTorch, with or without a
     * prefix ({@link StateDict}); float16 and bfloat16 tensors are converted, with a note on stderr.
     *
     * @throws CheckpointException when a tensor is missing, extra, or of another shape
     */
    public static void loadWeights(Sequential model, Path file) {
        java.util.Objects.requireNonNull(model, "Checkpoint.loadWeights: the model must not be null");
        Map<String, String> meta = Safetensors.metadata(file);
        if (meta != null && !meta.containsKey("convkit.format")) {
            for (String note : StateDict.load(model, file)) System.err.println(note);
            return;
        }
        fill(model, parse(file), file);
    }

    private record Parsed(JsonObject architecture, Normalization normalization, List<String> classes, Map<String, String> info,
                          Map<String, Safetensors.Entry> tensors) {}

    /** The safetensors container is read by {@link Safetensors}; this adds what makes it a ConvKit checkpoint. */
    private static Parsed parse(Path file) {
        java.util.Objects.requireNonNull(file, "Checkpoint: the file must not be null");
        CheckpointGuard.precheck(file);   // header, offsets and architecture against the file size, before reading it whole
        Safetensors.Raw raw = Safetensors.load(file, "checkpoint");
        JsonObject meta;
        try {
            meta = raw.header().getAsJsonObject("__metadata__");
        } catch (ClassCastException e) {
            meta = null;
        }
        if (meta == null || !meta.has("convkit.format")) {
            throw new CheckpointException(file + ": a safetensors file, but not a ConvKit checkpoint (no convkit.format in __metadata__)");
        }
        try {
            if (!"1".equals(meta.get("convkit.format").getAsString())) {
                throw new CheckpointException(file + ": checkpoint format " + meta.get("convkit.format").getAsString() + "; this ConvKit reads format 1");
            }
            Safetensors.Contents contents = Safetensors.decode(file, raw);
            for (Safetensors.Entry t : contents.tensors().values()) {
                if (!"F32".equals(t.dtype())) {
                    throw new CheckpointException(file + ": tensor " + t.name() + " has dtype " + t.dtype() + "; ConvKit stores F32");
                }
                for (int d : t.shape()) {
                    if (d < 1) throw new CheckpointException(file + ": tensor " + t.name() + " has a dimension " + d);
                }
            }
            CRC32 crc = new CRC32();
            crc.update(raw.bytes(), raw.dataStart(), raw.dataLength());
            String expected = meta.get("convkit.crc32").getAsString();
            if (!Long.toHexString(crc.getValue()).equals(expected)) {
                throw new CheckpointException(file + ": the weights are corrupt (CRC-32 " + Long.toHexString(crc.getValue())
                        + ", header says " + expected + ")");
            }
            JsonObject arch = JsonParser.parseString(meta.get("convkit.architecture").getAsString()).getAsJsonObject();
            JsonObject norm = JsonParser.parseString(meta.get("convkit.normalization").getAsString()).getAsJsonObject();
            List<String> classes = new ArrayList<>();
            for (JsonElement c : JsonParser.parseString(meta.get("convkit.classes").getAsString()).getAsJsonArray()) classes.add(c.getAsString());
            Map<String, String> info = new LinkedHashMap<>();
            for (var e : meta.entrySet()) {
                if (e.getKey().startsWith("info.")) info.put(e.getKey().substring(5), e.getValue().getAsString());
            }
            return new Parsed(arch, new Normalization(norm.get("mean").getAsDouble(), norm.get("std").getAsDouble()), classes, info,
                    contents.tensors());
        } catch (NullPointerException | IllegalStateException | ClassCastException | IndexOutOfBoundsException
                 | UnsupportedOperationException | NumberFormatException | JsonParseException e) {
            throw new CheckpointException(file + ": corrupt header: a required field is missing or of the wrong kind (" + e + ")", e);
        }
    }

    private static void fill(Sequential model, Parsed p, Path file) {
        Map<String, Param> expected = named(model);
        for (var e : expected.entrySet()) {
            Safetensors.Entry t = p.tensors.get(e.getKey());
            Shape want = e.getValue().value().shape();
            if (t == null) {
                throw new CheckpointException(file + ": weights for another architecture: the model has " + e.getKey() + " " + want
                        + " but the file has no such tensor (it has " + p.tensors.keySet() + ")");
            }
            if (!java.util.Arrays.equals(t.shape(), want.dims())) {
                throw new CheckpointException(file + ": weights for another architecture: " + e.getKey() + " has shape "
                        + Shape.of(t.shape()) + " in the file but the model expects " + want);
            }
        }
        for (String name : p.tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new CheckpointException(file + ": weights for another architecture: the file has " + name
                        + " but the model has no such parameter (it has " + expected.keySet() + ")");
            }
        }
        for (var e : expected.entrySet()) {
            float[] src = p.tensors.get(e.getKey()).values();
            System.arraycopy(src, 0, e.getValue().value().buffer(), 0, src.length);
        }
    }

    /** Parameters by name, {@code layers.<i>.<name>}, in layer order. */
    static Map<String, Param> named(Sequential model) {
        Map<String, Param> out = new LinkedHashMap<>();
        for (int i = 0; i < model.size(); i++) {
            for (Param p : model.get(i).params()) out.put("layers." + i + "." + p.name(), p);
        }
        return out;
    }

    // ------------------------------------------------------------------ architecture as JSON

    /** The architecture: the example shape (or null) and one JSON object per layer. */
    static JsonObject architecture(Sequential model) {
        JsonObject arch = new JsonObject();
        if (model.exampleShape() != null) {
            JsonArray in = new JsonArray();
            for (int d : model.exampleShape().dims()) in.add(d);
            arch.add("input", in);
        }
        JsonArray layers = new JsonArray();
        for (int i = 0; i < model.size(); i++) layers.add(describe(model.get(i), i));
        arch.add("layers", layers);
        return arch;
    }

    /** The layer's own description ({@link Layer#config()}) as JSON: its type and its fields in order. */
    private static JsonObject describe(Layer l, int index) {
        LayerConfig c = l.config().orElseThrow(() -> new CheckpointException("cannot save layer " + (index + 1) + " (" + l
                + "): checkpoints store the built-in layers only. Save the weights and rebuild the model yourself,"
                + " then use Checkpoint.loadWeights(model, file)"));
        JsonObject o = new JsonObject();
        o.addProperty("type", c.type());
        c.fields().forEach((name, v) -> {
            if (v instanceof int[] p) o.add(name, pair(p[0], p[1]));
            else if (v instanceof Number n) o.addProperty(name, n);
            else if (v instanceof Boolean b) o.addProperty(name, b);
            else o.addProperty(name, v.toString());
        });
        return o;
    }

    private static JsonArray pair(int a, int b) {
        JsonArray p = new JsonArray();
        p.add(a);
        p.add(b);
        return p;
    }

    private static Sequential rebuild(JsonObject arch, Path file) {
        JsonArray layersJson = arch.getAsJsonArray("layers");
        List<Layer> layers = new ArrayList<>();
        try {
            for (JsonElement el : layersJson) layers.add(layer(el.getAsJsonObject()));
        } catch (CheckpointException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": corrupt architecture in the header (" + e.getMessage() + ")", e);
        }
        if (!arch.has("input")) return Sequential.of(layers.toArray(new Layer[0]));
        JsonArray in = arch.getAsJsonArray("input");
        int[] dims = new int[in.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = in.get(i).getAsInt();
        var b = Sequential.input(Shape.of(dims));
        for (Layer l : layers) b.add(l);
        return b.build(0);   // the stored weights replace these
    }

    /** The layer a JSON description stands for, through {@link LayerConfig#of}. */
    private static Layer layer(JsonObject o) {
        LayerConfig.Fields f = new LayerConfig.Fields() {
            public int integer(String name) {
                return field(name).getAsInt();
            }

            public long longValue(String name) {
                return field(name).getAsLong();
            }

            public double number(String name) {
                return field(name).getAsDouble();
            }

            public boolean flag(String name) {
                return field(name).getAsBoolean();
            }

            public String text(String name) {
                return field(name).getAsString();
            }

            public int[] pair(String name) {
                JsonArray a = field(name).getAsJsonArray();
                return new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()};
            }

            private JsonElement field(String name) {
                if (!o.has(name)) throw new CheckpointException("layer " + o.get("type") + " has no field \"" + name + "\" in the architecture");
                return o.get(name);
            }
        };
        try {
            return LayerConfig.of(o.get("type").getAsString(), f).build();
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage() + " in the architecture");
        }
    }
}
