package convkit.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import convkit.data.Normalization;
import convkit.nn.Sequential;
import convkit.tensor.Memory;
import convkit.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Checks a checkpoint's header against the file before {@link Checkpoint} reads the data or
 * builds the model, so that a small corrupt file fails at once with a message and never makes the
 * reader allocate more than the file could hold: header length, every tensor's dtype, shape and
 * offsets (inside the data part, aligned, neither overlapping nor leaving gaps), the stored
 * architecture's parameters against the tensors, and the memory the weights need.
 */
final class CheckpointGuard {
    /** Metadata key of the CRC-32 of the architecture, normalisation and class names (written since 0.2.0). */
    static final String META_CRC = "convkit.meta_crc32";

    private CheckpointGuard() {}

    /** Reads only the header of {@code file} and validates it against the file's size. */
    static void precheck(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new CheckpointException("checkpoint " + file + " is a folder; give the checkpoint file, e.g. " + file.resolve("model.safetensors"));
        }
        long size;
        JsonObject header;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            if (size < 8) throw new CheckpointException(file + ": truncated: " + size + " bytes, not even the 8-byte header length");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            notAnotherFormat(len.array(), file);
            if (n < 2 || n > Checkpoint.MAX_HEADER || n > size - 8) {
                throw new CheckpointException(file + ": header length " + Long.toUnsignedString(n) + " does not fit a file of " + size
                        + " bytes (a header is at most " + Checkpoint.MAX_HEADER + " bytes): the file is truncated or not a safetensors checkpoint");
            }
            ByteBuffer head = ByteBuffer.allocate((int) n);
            readFully(ch, head, 8);
            header = json(new String(head.array(), StandardCharsets.UTF_8), file, "header");
            validate(header, size - 8 - n, file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("reading checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Files students mistake for a checkpoint, named by their first bytes. */
    private static void notAnotherFormat(byte[] b, Path file) {
        if (b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            throw new CheckpointException(file + " is a zip archive, as PyTorch's torch.save writes (.pt, .pth), not a safetensors checkpoint."
                    + "\n  In Python: from safetensors.torch import save_file; save_file(model.state_dict(), \"model.safetensors\")");
        }
        if ((b[0] & 0xFF) == 0x80 && b[1] >= 2 && b[1] <= 5) {
            throw new CheckpointException(file + " is a Python pickle (an older torch.save or pickle.dump), not a safetensors checkpoint;"
                    + " ConvKit never loads pickles, which can run code. Save the state_dict with safetensors.torch.save_file");
        }
        if ((b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            throw new CheckpointException(file + " is a PNG image, not a checkpoint; to classify it: ./convkit predict --checkpoint MODEL " + file);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int got = ch.read(b, at + b.position());
            if (got < 0) throw new CheckpointException("file ended while reading the header");
        }
    }

    private static JsonObject json(String text, Path file, String what) {
        try {
            JsonElement el = JsonParser.parseString(text);
            if (!el.isJsonObject()) throw new JsonParseException("the " + what + " is not a JSON object");
            return el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new CheckpointException(file + ": corrupt " + what + " (not valid JSON: " + e.getMessage() + ")");
        }
    }

    private record Entry(String name, long begin, long end, int width) {}

    private static void validate(JsonObject header, long dataLength, Path file) {
        List<Entry> entries = new ArrayList<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long floats = 0;
        try {
            for (var e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) continue;
                String name = e.getKey();
                JsonObject t = e.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                int width = width(dtype);
                JsonArray shapeJson = t.getAsJsonArray("shape");
                if (shapeJson.size() > 8) throw new CheckpointException(file + ": tensor " + name + " has " + shapeJson.size() + " dimensions; at most 8 make sense");
                long[] shape = new long[shapeJson.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                    if (shape[i] < 1 || shape[i] > dataLength) {
                        throw new CheckpointException(file + ": tensor " + name + " has a dimension of " + shape[i]
                                + " but the data part has only " + dataLength + " bytes");
                    }
                    count = Math.multiplyExact(count, shape[i]);
                }
                JsonArray off = t.getAsJsonArray("data_offsets");
                if (off.size() != 2) throw new CheckpointException(file + ": tensor " + name + " has " + off.size() + " data_offsets; expected [begin, end]");
                long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
                if (begin < 0 || end < begin || end > dataLength) {
                    throw new CheckpointException(file + ": tensor " + name + " claims bytes " + begin + ".." + end + " but the data part has "
                            + dataLength + " bytes: the file is truncated or corrupt");
                }
                if (width > 0 && end - begin != count * width) {
                    throw new CheckpointException(file + ": tensor " + name + " of shape " + Arrays.toString(shape) + " and dtype " + dtype
                            + " needs " + Math.multiplyExact(count, width) + " bytes but its offsets give " + (end - begin));
                }
                if (width > 0 && begin % width != 0) {
                    throw new CheckpointException(file + ": tensor " + name + " starts at byte " + begin + " of the data part, not a multiple of "
                            + width + " (its " + dtype + " element size): the offsets are misaligned, the file is corrupt");
                }
                if (width == 4) floats += count;
                entries.add(new Entry(name, begin, end, width));
                shapes.put(name, shape);
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw new CheckpointException(file + ": a tensor's shape in the header has more elements than any file can hold: corrupt header");
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": corrupt header: a tensor entry is missing a field or has one of the wrong kind (" + e + ")", e);
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin < at) {
                throw new CheckpointException(file + ": tensors " + previous + " and " + e.name + " overlap (bytes ..." + at + " and "
                        + e.begin + "...): each tensor needs its own bytes, the offsets are corrupt");
            }
            if (e.begin > at) {
                throw new CheckpointException(file + ": no tensor covers bytes " + at + ".." + e.begin + " of the data part: the offsets are corrupt");
            }
            at = e.end;
            previous = e.name;
        }
        if (at != dataLength) {
            throw new CheckpointException(file + ": the tensors cover " + at + " bytes but the data part has " + dataLength
                    + ": the file is truncated, padded or corrupt");
        }
        Memory.require(dataLength + 8 * floats, "loading checkpoint " + file.getFileName() + " (" + floats + " weights)");
        JsonElement meta = header.get("__metadata__");
        if (meta != null && meta.isJsonObject()) checkMetadata(meta.getAsJsonObject(), shapes, dataLength, file);
    }

    /** Element size in bytes of a safetensors dtype, or 0 when unknown (then only the offsets are checked). */
    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    /** The stored architecture against the tensors: every layer with weights has exactly its tensors, and nothing else is stored. */
    private static void checkMetadata(JsonObject meta, Map<String, long[]> shapes, long dataLength, Path file) {
        JsonElement crcEl = meta.get(META_CRC);
        if (crcEl != null && crcEl.isJsonPrimitive()) {
            String stored = crcEl.getAsString(), actual = metaCrc(meta);
            if (!stored.equals(actual)) {
                throw new CheckpointException(file + ": the architecture, normalisation or class names in the header were changed or are corrupt"
                        + " (CRC-32 " + actual + ", header says " + stored + "); the weights may no longer match the model");
            }
        }
        JsonElement normEl = meta.get("convkit.normalization");
        if (normEl != null && normEl.isJsonPrimitive()) {
            JsonObject norm = json(normEl.getAsString(), file, "normalisation");
            try {
                new Normalization(norm.get("mean").getAsDouble(), norm.get("std").getAsDouble());
            } catch (IllegalArgumentException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
                throw new CheckpointException(file + ": unusable input normalisation " + norm + " in the header: "
                        + (e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage() : "mean and std must be numbers"));
            }
        }
        JsonElement archEl = meta.get("convkit.architecture");
        if (archEl == null || !archEl.isJsonPrimitive()) return;
        JsonObject arch = json(archEl.getAsString(), file, "architecture");
        Map<String, long[]> expected = new LinkedHashMap<>();
        List<String> described = new ArrayList<>();
        long params = 0;
        try {
            JsonArray layers = arch.getAsJsonArray("layers");
            if (layers.size() == 0 || layers.size() > 10_000) {
                throw new CheckpointException(file + ": the architecture lists " + layers.size() + " layers; expected 1 to 10000");
            }
            for (int i = 0; i < layers.size(); i++) {
                JsonObject o = layers.get(i).getAsJsonObject();
                String type = o.get("type").getAsString();
                if (type.equals("Conv2d")) {
                    long in = o.get("in").getAsLong(), out = o.get("out").getAsLong(), k = o.get("kernel").getAsLong();
                    expected.put("layers." + i + ".weight", new long[] {out, in, k, k});
                    if (o.get("bias").getAsBoolean()) expected.put("layers." + i + ".bias", new long[] {out});
                    described.add("layer " + (i + 1) + " Conv2d(" + in + " -> " + out + ", " + k + "x" + k + ")");
                } else if (type.equals("Dense")) {
                    long in = o.get("in").getAsLong(), out = o.get("out").getAsLong();
                    expected.put("layers." + i + ".weight", new long[] {out, in});
                    expected.put("layers." + i + ".bias", new long[] {out});
                    described.add("layer " + (i + 1) + " Dense(" + in + " -> " + out + ")");
                }
            }
            for (long[] s : expected.values()) {
                long c = 1;
                for (long d : s) {
                    if (d < 1 || d > Integer.MAX_VALUE) throw new CheckpointException(file + ": the architecture has a layer size of " + d);
                    c = Math.multiplyExact(c, d);
                }
                params = Math.addExact(params, c);
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (ArithmeticException e) {
            params = Long.MAX_VALUE;
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": corrupt architecture in the header (" + e + ")", e);
        }
        if (params > dataLength / 4) {
            throw new CheckpointException(file + ": the architecture (" + String.join(", ", described) + ") has "
                    + (params == Long.MAX_VALUE ? "more than 2^63" : Long.toString(params)) + " parameters, more than the " + dataLength / 4 + " float32 weights the file holds (" + dataLength + " bytes): the header is corrupt");
        }
        for (var e : expected.entrySet()) {
            long[] s = shapes.get(e.getKey());
            if (s == null) {
                throw new CheckpointException(file + ": the architecture has " + e.getKey() + " " + Arrays.toString(e.getValue())
                        + " but the file stores no such tensor: a layer was added to the architecture, or the weights are missing");
            }
            if (!Arrays.equals(s, e.getValue())) {
                throw new CheckpointException(file + ": " + e.getKey() + " has shape " + Arrays.toString(s) + " in the file but the architecture"
                        + " says " + Arrays.toString(e.getValue()) + ": the architecture and the weights disagree");
            }
        }
        for (String name : shapes.keySet()) {
            if (name.startsWith("layers.") && !expected.containsKey(name)) {
                throw new CheckpointException(file + ": the file stores " + name + " but the architecture (" + String.join(", ", described)
                        + ") has no such parameter: a layer is missing from the architecture, or its index moved");
            }
        }
    }

    /** CRC-32 of what defines the model besides its weights: architecture, normalisation and class names. */
    static String metaCrc(JsonObject meta) {
        CRC32 crc = new CRC32();
        for (String key : new String[] {"convkit.architecture", "convkit.normalization", "convkit.classes"}) {
            JsonElement v = meta.get(key);
            crc.update((v == null || !v.isJsonPrimitive() ? "" : v.getAsString()).getBytes(StandardCharsets.UTF_8));
            crc.update('\n');
        }
        return Long.toHexString(crc.getValue());
    }

    /** After loading: the model's output must have one value per class name, or predictions would index past the list. */
    static void checkClasses(Sequential model, List<String> classes, Path file) {
        if (model.exampleShape() == null) return;
        Shape out;
        try {
            out = model.outputShape(model.batchShape(1));
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": the stored architecture does not fit its own input shape " + model.exampleShape()
                    + ": " + e.getMessage());
        }
        if (out.rank() != 2 || out.dim(1) != classes.size()) {
            throw new CheckpointException(file + ": the model gives " + out + " outputs per image but the file lists " + classes.size()
                    + " class names " + classes + "; there must be one name per output");
        }
    }
}
