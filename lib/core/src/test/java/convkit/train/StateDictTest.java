package convkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.data.FashionMnist;
import convkit.data.Normalization;
import convkit.nn.Models;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain safetensors state_dicts (PyTorch's) into ConvKit models: prefixes, dtypes, every kind of mismatch. */
class StateDictTest {
    @TempDir
    Path dir;

    /** The model's tensors under other names (as PyTorch would write them), copied. */
    static Map<String, Tensor> renamed(Sequential net, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        StateDict.of(net, prefix).forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    static void assertSameWeights(Sequential a, Sequential b) {
        List<Param> pa = a.params(), pb = b.params();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).value().buffer(), pb.get(i).value().buffer(), "param " + i);
    }

    @Test
    void anyPrefixLoadsByLayerIndex() {
        Sequential trained = CheckpointTest.trainedLooking(5);
        for (String prefix : new String[] {"", "layers.", "module.layers.", "net.0."}) {
            Path f = dir.resolve("sd" + prefix.length() + ".safetensors");
            Safetensors.write(f, renamed(trained, prefix), Map.of("format", "pt"));
            Sequential fresh = CheckpointTest.trainedLooking(99);
            Checkpoint.loadWeights(fresh, f);
            assertSameWeights(trained, fresh);
        }
    }

    @Test
    void savedStateDictHasPyTorchNamesAndReadsBack() throws Exception {
        Sequential net = Models.lenet5(3);
        Path f = dir.resolve("w.safetensors");
        StateDict.save(net, f);
        var c = Safetensors.read(f);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.7.weight", "layers.7.bias",
                "layers.9.weight", "layers.9.bias", "layers.11.weight", "layers.11.bias"), List.copyOf(c.tensors().keySet()));
        assertEquals("(120, 400)", c.tensors().get("layers.7.weight").shapeText());
        assertEquals(Map.of("format", "pt"), c.metadata());
        Sequential back = Models.lenet5(4);
        assertTrue(StateDict.load(back, f).isEmpty());   // float32 with ConvKit's names: nothing to note
        assertSameWeights(net, back);
    }

    @Test
    void halfPrecisionValuesConvertExactly() {
        assertEquals(1.0f, Safetensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, Safetensors.halfToFloat((short) 0xC000));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));          // the largest half
        assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001));        // the smallest subnormal
        assertEquals(0x1.ff8p-15f, Safetensors.halfToFloat((short) 0x03FF));    // the largest subnormal
        assertEquals(0.099975586f, Safetensors.halfToFloat((short) 0x2E66));    // 0.1 rounded to half
        assertEquals(Float.NEGATIVE_INFINITY, Safetensors.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Safetensors.halfToFloat((short) 0x8000)));
    }

    @Test
    void float16AndBfloat16AreConvertedWithANote() throws Exception {
        Sequential net = Models.cnnI(2);
        for (String dtype : new String[] {"F16", "BF16", "F64"}) {
            Path f = dir.resolve(dtype + ".safetensors");
            Map<String, float[]> expected = writeAs(f, StateDict.of(net, ""), dtype);
            Sequential fresh = Models.cnnI(8);
            List<String> notes = StateDict.load(fresh, f);
            assertTrue(notes.get(0).contains("4 tensors stored as " + dtype), notes.toString());
            int i = 0;
            for (float[] want : expected.values()) assertArrayEquals(want, fresh.params().get(i++).value().buffer(), dtype);
        }
    }

    /** Writes the tensors in {@code dtype} as PyTorch would (round to nearest even); returns the float32 values that should come back. */
    static Map<String, float[]> writeAs(Path f, Map<String, Tensor> tensors, String dtype) throws Exception {
        int width = dtype.equals("F64") ? 8 : 2;
        StringBuilder header = new StringBuilder("{");
        ByteBuffer data = ByteBuffer.allocate(tensors.values().stream().mapToInt(t -> t.size() * width).sum()).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[]> back = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            int begin = data.position();
            float[] v = e.getValue().buffer();
            float[] w = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                switch (dtype) {
                    case "F64" -> { data.putDouble(v[i]); w[i] = v[i]; }
                    case "BF16" -> {
                        int bits = Float.floatToIntBits(v[i]);
                        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;   // round to nearest even
                        data.putShort((short) rounded);
                        w[i] = Float.intBitsToFloat(rounded << 16);
                    }
                    default -> {
                        short h = floatToHalf(v[i]);
                        data.putShort(h);
                        w[i] = Safetensors.halfToFloat(h);
                    }
                }
            }
            back.put(e.getKey(), w);
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(dtype)
                    .append("\",\"shape\":").append(java.util.Arrays.toString(e.getValue().shape().dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(begin).append(',').append(data.position()).append("]}");
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.array());
        Files.write(f, out.array());
        return back;
    }

    /** float32 to half, rounding to nearest even as PyTorch's .half() does. */
    static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
        int mant = bits & 0x7FFFFF;
        if (exp >= 31) return (short) (sign | 0x7C00);
        int shift = 13, base = exp << 10;
        if (exp <= 0) {                       // a subnormal half
            if (exp < -10) return (short) sign;
            mant |= 0x800000;
            shift = 14 - exp;
            base = 0;
        }
        int half = base | (mant >> shift), rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1) == 1)) half++;   // a carry into the exponent is right too
        return (short) (sign | half);
    }

    @Test
    void floatToHalfOfTheTestIsTheNearestHalf() {
        java.util.Random r = new java.util.Random(1);
        for (int k = 0; k < 8; k++) {
            float v = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 6));
            double got = Math.abs(Safetensors.halfToFloat(floatToHalf(v)) - (double) v);
            for (int h = 0; h < 0x7C00; h++) {
                double err = Math.abs(Safetensors.halfToFloat((short) (h | (v < 0 ? 0x8000 : 0))) - (double) v);
                assertTrue(got <= err, v + ": " + got + " > " + err + " at " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void aStateDictForAnotherArchitectureNamesEveryMismatch() {
        // cnn1 weights, but conv with 3 input channels, an extra tensor, one missing
        Sequential net = Models.cnnI(1);
        Map<String, Tensor> t = renamed(net, "");
        t.put("0.weight", Tensor.zeros(8, 3, 3, 3));
        t.remove("4.bias");
        t.put("4.running_mean", Tensor.zeros(10));
        t.put("7.weight", Tensor.zeros(2, 2));
        t.put("fc.weight", Tensor.zeros(2));
        Path f = dir.resolve("other.safetensors");
        Safetensors.write(f, t, Map.of());
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(2), f));
        String m = e.getMessage();
        assertTrue(m.contains("(5 problems)"), m);
        assertTrue(m.contains("shape    0.weight (ConvKit: layers.0.weight), Conv2d(1 -> 8, 3x3, stride 1, padding 1): expected (8, 1, 3, 3), found (8, 3, 3, 3)"), m);
        assertTrue(m.contains("missing  4.bias (ConvKit: layers.4.bias), Dense(1568 -> 10): expected shape (10), not in the file"), m);
        assertTrue(m.contains("extra    4.running_mean (ConvKit: layers.4.running_mean): layer 4 (Dense(1568 -> 10)) has only weight and bias"), m);
        assertTrue(m.contains("extra    7.weight (ConvKit: layers.7.weight): the model has 5 layers (0..4)"), m);
        assertTrue(m.contains("extra    fc.weight: not of the form <layer index>.<weight|bias>"), m);
        assertTrue(m.contains("0.weight = ConvKit's name: shape") || m.contains("  0.weight (ConvKit: layers.0.weight): (8, 1, 3, 3)"), m);
    }

    @Test
    void integerTensorsAreNamedNotMisread() {
        Sequential net = Models.cnnI(1);
        Path f = dir.resolve("int.safetensors");
        Map<String, Tensor> t = renamed(net, "layers.");
        Safetensors.write(f, t, Map.of());
        // rewrite the dtype of one tensor to I32 (same width): the values would be garbage as floats
        byte[] b = readAll(f);
        String s = new String(b, StandardCharsets.ISO_8859_1).replaceFirst("\"layers.4.bias\":\\{\"dtype\":\"F32\"", "\"layers.4.bias\":{\"dtype\":\"I32\"");
        writeAll(f, s.getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(2), f));
        assertTrue(e.getMessage().contains("dtype    layers.4.bias, Dense(1568 -> 10): the file stores I32; ConvKit reads F32, F16, BF16 and F64"), e.getMessage());
    }

    @Test
    void truncatedOrForeignFilesFailClearly() {
        Path f = dir.resolve("sd.safetensors");
        Safetensors.write(f, renamed(Models.cnnI(1), ""), Map.of());
        byte[] full = readAll(f);
        for (int len = 0; len < full.length; len += (len < 64 ? 1 : len < 400 ? 7 : 1999)) {
            Path t = dir.resolve("t.safetensors");
            writeAll(t, java.util.Arrays.copyOf(full, len));
            var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(2), t), "length " + len);
            String m = e.getMessage();
            assertTrue(m.contains("truncated") || m.contains("not a safetensors") || m.contains("corrupt"), len + ": " + m);
        }
        Path png = dir.resolve("picture.safetensors");
        writeAll(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(2), png));
        assertTrue(e.getMessage().contains("is a PNG image, not a checkpoint"), e.getMessage());   // the checkpoint reader's own words
        var missing = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(2), dir.resolve("none.safetensors")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void convkitCheckpointsStillGoThroughTheirOwnChecks() {
        Path f = dir.resolve("ck.safetensors");
        Sequential net = Models.cnnI(6);
        new Checkpoint(net, FashionMnist.NORMALIZATION, FashionMnist.CLASS_NAMES, Map.of()).save(f);
        Sequential fresh = Models.cnnI(7);
        Checkpoint.loadWeights(fresh, f);
        assertSameWeights(net, fresh);
        byte[] b = readAll(f);
        b[b.length - 1] ^= 1;   // one flipped bit in the weights: the CRC catches it
        writeAll(f, b);
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(Models.cnnI(7), f));
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    }

    @Test
    void filesGetTheUmasksPermissionsNotTemporaryFiles() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));   // what any new file gets here (0644 under umask 022)
        var expected = Files.getPosixFilePermissions(probe);
        Path ck = dir.resolve("ck.safetensors");
        new Checkpoint(Models.cnnI(1), Normalization.NONE, FashionMnist.CLASS_NAMES, Map.of()).save(ck);
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(ck)));
        Path sd = dir.resolve("sd.safetensors");
        StateDict.save(Models.cnnI(1), sd);
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(sd)));
        assertNotEquals("rw-------", PosixFilePermissions.toString(expected), "this machine's umask makes every file private; the check above proves little");
        try (var s = Files.list(dir)) {
            assertEquals(List.of("ck.safetensors", "probe", "sd.safetensors"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static byte[] readAll(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeAll(Path f, byte[] b) {
        try {
            Files.write(f, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
