package convkit.train;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import convkit.io.AtomicFiles;
import convkit.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Plain <a href="https://huggingface.co/docs/safetensors">safetensors</a> files, as PyTorch users
 * write them ({@code safetensors.torch.save_file(model.state_dict(), path)}): a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. No ConvKit metadata
 * is needed. {@link Checkpoint} is the richer format (architecture, normalisation, classes, CRC);
 * this class reads and writes the plain one that other tools exchange.
 *
 * <p>Reading converts float32 ({@code F32}) as is, and {@code F16}, {@code BF16} and {@code F64}
 * to float32; a tensor of another dtype (an integer counter, say) is kept with {@code values == null}
 * so that the caller can name it. Every length and offset is checked as {@link Checkpoint} checks
 * them: a truncated or foreign file fails with a message, never with an out-of-memory or a
 * silently wrong tensor.
 */
public final class Safetensors {
    private Safetensors() {}

    private static final Gson GSON = new Gson();
    /** The float dtypes read, and their sizes in bytes. */
    static final Map<String, Integer> FLOAT_DTYPES = Map.of("F32", 4, "F16", 2, "BF16", 2, "F64", 8);
    /** Sizes of the other dtypes of the format, so their byte ranges can be checked too. */
    private static final Map<String, Integer> OTHER_DTYPES = Map.of("BOOL", 1, "U8", 1, "I8", 1, "I16", 2, "U16", 2, "I32", 4,
            "U32", 4, "I64", 8, "U64", 8, "F8_E4M3", 1);

    /**
     * One tensor of a file.
     *
     * @param dtype  as stored: F32, F16, BF16, F64, or another dtype of the format
     * @param shape  the dimensions as stored (an empty array for a scalar)
     * @param values the values as float32, row-major; null for a dtype that is not a float
     */
    public record Entry(String name, String dtype, int[] shape, float[] values) {
        /** The shape as PyTorch prints it, e.g. {@code (6, 1, 5, 5)}, or {@code ()} for a scalar. */
        public String shapeText() {
            return shapeText(shape);
        }

        static String shapeText(int[] shape) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
            return sb.append(')').toString();
        }
    }

    /** A file's tensors in header order and its {@code __metadata__} (empty when there is none). */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Map.copyOf(metadata);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads every tensor of {@code file}; see the class comment for the dtypes. */
    public static Contents read(Path file) {
        java.util.Objects.requireNonNull(file, "Safetensors.read: file must not be null");
        return decode(file, load(file, "weights file"));
    }

    /** A whole safetensors file in memory: its bytes, its parsed header and where the data part starts. */
    record Raw(byte[] bytes, JsonObject header, int dataStart) {
        int dataLength() {
            return bytes.length - dataStart;
        }
    }

    /**
     * Reads {@code file} and parses its header, checking the header length against the file size
     * ({@code what} names the file in messages: "weights file", "checkpoint").
     */
    static Raw load(Path file, String what) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) throw new CheckpointException(file + ": " + size + " bytes is too large for ConvKit to read");
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what + " " + file, e);
        }
        if (bytes.length < 8) throw new CheckpointException(file + ": truncated: " + bytes.length + " bytes, not even the 8-byte header length");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > Checkpoint.MAX_HEADER || n > bytes.length - 8) {
            throw new CheckpointException(file + ": header length " + Long.toUnsignedString(n) + " does not fit a file of " + bytes.length
                    + " bytes: the file is truncated or not a safetensors file");
        }
        JsonObject header;
        try {
            JsonElement el = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
            if (!el.isJsonObject()) throw new JsonParseException("the header is not a JSON object");
            header = el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CheckpointException(file + ": corrupt header (not valid JSON: " + e.getMessage() + "): not a safetensors file", e);
        }
        return new Raw(bytes, header, 8 + (int) n);
    }

    /** The tensors of a loaded file, every dtype, shape and offset checked against the data part. */
    static Contents decode(Path file, Raw raw) {
        byte[] bytes = raw.bytes();
        JsonObject header = raw.header();
        int dataStart = raw.dataStart();
        int dataLength = bytes.length - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long covered = 0;
        for (var e : header.entrySet()) {
            String name = e.getKey();
            try {
                if (name.equals("__metadata__")) {
                    for (var m : e.getValue().getAsJsonObject().entrySet()) metadata.put(m.getKey(), m.getValue().getAsString());
                    continue;
                }
                JsonObject t = e.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                Integer width = FLOAT_DTYPES.containsKey(dtype) ? FLOAT_DTYPES.get(dtype) : OTHER_DTYPES.get(dtype);
                if (width == null) throw new CheckpointException(file + ": tensor " + name + " has an unknown dtype " + dtype);
                JsonArray shapeJson = t.getAsJsonArray("shape");
                int[] shape = new int[shapeJson.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    long d = shapeJson.get(i).getAsLong();
                    if (d < 0 || d > Integer.MAX_VALUE) throw new CheckpointException(file + ": tensor " + name + " has a dimension " + d);
                    shape[i] = (int) d;
                    count *= d;
                    if (count > Integer.MAX_VALUE) throw new CheckpointException(file + ": tensor " + name + " is too large: " + Arrays.toString(shape));
                }
                JsonArray off = t.getAsJsonArray("data_offsets");
                long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
                if (begin < 0 || end < begin || end > dataLength) {
                    throw new CheckpointException(file + ": tensor " + name + " claims bytes " + begin + ".." + end + " but the data part has "
                            + dataLength + " bytes: the file is truncated or corrupt");
                }
                if (end - begin != width * count) {
                    throw new CheckpointException(file + ": tensor " + name + " (" + dtype + ", shape " + Entry.shapeText(shape) + ") needs "
                            + width * count + " bytes but its offsets give " + (end - begin));
                }
                ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin)).slice().order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(name, new Entry(name, dtype, shape, FLOAT_DTYPES.containsKey(dtype) ? floats(data, dtype, (int) count) : null));
                covered += end - begin;
            } catch (NullPointerException | IllegalStateException | ClassCastException | IndexOutOfBoundsException
                     | UnsupportedOperationException | NumberFormatException e2) {
                throw new CheckpointException(file + ": corrupt header: entry " + name + " lacks a field or has one of the wrong kind ("
                        + e2 + "); each tensor needs \"dtype\", \"shape\" and \"data_offsets\"", e2);
            }
        }
        if (covered != dataLength) {
            throw new CheckpointException(file + ": the tensors cover " + covered + " bytes but the data part has " + dataLength
                    + ": the file is truncated, padded or corrupt");
        }
        return new Contents(tensors, metadata);
    }

    /**
     * The {@code __metadata__} of a safetensors file, reading only its header; null when the file
     * cannot be read as safetensors at all (the full readers then say exactly why).
     */
    public static Map<String, String> metadata(Path file) {
        java.util.Objects.requireNonNull(file, "Safetensors.metadata: file must not be null");
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (len.hasRemaining() && ch.read(len) >= 0) { /* fill */ }
            if (len.hasRemaining()) return null;
            long n = len.flip().getLong();
            if (n < 2 || n > Checkpoint.MAX_HEADER || n > ch.size() - 8) return null;
            ByteBuffer head = ByteBuffer.allocate((int) n);
            while (head.hasRemaining() && ch.read(head) >= 0) { /* fill */ }
            JsonObject header = JsonParser.parseString(new String(head.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, String> meta = new LinkedHashMap<>();
            if (header.has("__metadata__")) {
                for (var m : header.getAsJsonObject("__metadata__").entrySet()) meta.put(m.getKey(), m.getValue().getAsString());
            }
            return meta;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static float[] floats(ByteBuffer data, String dtype, int count) {
        float[] v = new float[count];
        switch (dtype) {
            case "F32" -> data.asFloatBuffer().get(v);
            case "F64" -> {
                for (int i = 0; i < count; i++) v[i] = (float) data.getDouble(8 * i);
            }
            case "BF16" -> {
                // bfloat16 is the top half of a float32: shifting it back is exact
                for (int i = 0; i < count; i++) v[i] = Float.intBitsToFloat((data.getShort(2 * i) & 0xFFFF) << 16);
            }
            case "F16" -> {
                for (int i = 0; i < count; i++) v[i] = halfToFloat(data.getShort(2 * i));
            }
            default -> throw new IllegalArgumentException(dtype);
        }
        return v;
    }

    /** IEEE 754 half precision to float32, exactly (every half value is a float value). */
    static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1F, mant = h & 0x3FF;
        float magnitude;
        if (exp == 0) magnitude = mant * 0x1p-24f;                                   // zero or subnormal
        else if (exp == 31) magnitude = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else magnitude = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        return sign == 1 ? -magnitude : magnitude;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes float32 tensors as a plain safetensors file, atomically, in the given order, with
     * {@code metadata} as {@code __metadata__} (PyTorch's own writer puts {@code "format": "pt"} there).
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        java.util.Objects.requireNonNull(file, "Safetensors.write: file must not be null");
        java.util.Objects.requireNonNull(tensors, "Safetensors.write: tensors must not be null");
        java.util.Objects.requireNonNull(metadata, "Safetensors.write: metadata must not be null (use Map.of() for none)");
        long dataBytes = 0;
        for (Tensor t : tensors.values()) dataBytes += 4L * t.size();
        if (dataBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the tensors hold " + dataBytes + " bytes, more than one file can");
        ByteBuffer data = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__") || !seen.add(e.getKey())) throw new IllegalArgumentException("bad tensor name " + e.getKey());
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (int d : e.getValue().shape().dims()) shape.add(d);
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(data.position());
            for (float v : e.getValue().buffer()) data.putFloat(v);
            offsets.add(data.position());
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;   // the format's alignment: pad the header with spaces
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        data.flip();
        AtomicFiles.write(file, head, data);
    }
}
