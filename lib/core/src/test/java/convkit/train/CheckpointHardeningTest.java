package convkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.data.Normalization;
import convkit.nn.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that used to load into a wrong model, or cost more than their size, and the files around a save. */
class CheckpointHardeningTest {
    @TempDir
    Path dir;

    static Sequential model() {
        return Sequential.input(1, 6, 6).conv2d(2, 3).relu().maxPool(2).flatten().dense(3).build(5);
    }

    static void mentions(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), "should mention \"" + p + "\":\n" + m);
    }

    Path saved(String name) {
        Path f = dir.resolve(name);
        new Checkpoint(model(), new Normalization(0.25, 0.5), List.of("a", "b", "c"), Map.of()).save(f);
        return f;
    }

    static String header(byte[] file) {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, (int) n, StandardCharsets.UTF_8).trim();
    }

    /** The file with its header replaced (and, like a file from before 0.2.0, without the metadata CRC unless kept). */
    static byte[] edited(byte[] file, String from, String to, boolean keepCrc) {
        String h = header(file);
        assertTrue(h.contains(from), "the header should contain " + from + ":\n" + h);
        h = h.replace(from, to);
        if (!keepCrc) h = h.replaceAll(",?\"convkit.meta_crc32\":\"[0-9a-f]+\"", "");
        byte[] json = h.getBytes(StandardCharsets.UTF_8);
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + file.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.position() < 8 + padded) out.put((byte) ' ');
        out.put(file, 8 + (int) n, file.length - 8 - (int) n);
        return out.array();
    }

    String loadFails(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("edited.safetensors"), bytes);
        return assertThrows(CheckpointException.class, () -> Checkpoint.load(f)).getMessage();
    }

    @Test
    void overlappingOffsetsAreRefused() throws IOException {
        // the weight's first 8 bytes also serve as the bias; the weight's tail then covers nothing: both are caught, overlap first
        byte[] f = Files.readAllBytes(saved("m.safetensors"));
        String h = header(f);
        assertTrue(h.contains("\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[72,80]}"), h);
        mentions(loadFails(edited(f, "\"data_offsets\":[72,80]", "\"data_offsets\":[64,72]", true)),
                "tensors layers.0.weight and layers.0.bias overlap", "each tensor needs its own bytes");
    }

    @Test
    void misalignedOffsetsAreRefused() throws IOException {
        byte[] f = Files.readAllBytes(saved("m.safetensors"));
        mentions(loadFails(edited(f, "\"data_offsets\":[72,80]", "\"data_offsets\":[74,82]", true)),
                "layers.0.bias starts at byte 74", "not a multiple of 4", "misaligned");
    }

    @Test
    void aTinyNormalisationStdIsRefused() throws IOException {
        byte[] f = Files.readAllBytes(saved("m.safetensors"));
        mentions(loadFails(edited(f, "\\\"std\\\":0.5", "\\\"std\\\":1e-300", false)),
                "unusable input normalisation", "std of at least 1.0E-7", "1.0E-300");
        // with the metadata CRC of files written since 0.2.0 the edit is caught even before that
        mentions(loadFails(edited(f, "\\\"std\\\":0.5", "\\\"std\\\":1e-300", true)), "were changed or are corrupt", "CRC-32");
    }

    @Test
    void layersAddedToOrMissingFromTheArchitectureAreRefused() throws IOException {
        byte[] f = Files.readAllBytes(saved("m.safetensors"));
        String dense = "{\\\"type\\\":\\\"Dense\\\",\\\"in\\\":8,\\\"out\\\":3}";
        // an extra Dense layer: more parameters than the file holds
        mentions(loadFails(edited(f, dense, dense + ",{\\\"type\\\":\\\"Dense\\\",\\\"in\\\":3,\\\"out\\\":3}", false)),
                "layer 6 Dense(3 -> 3)", "has 59 parameters, more than the 47 float32 weights the file holds");
        // a Conv2d without bias where the file has one: the tensors disagree with the architecture
        mentions(loadFails(edited(f, "\\\"bias\\\":true", "\\\"bias\\\":false", false)),
                "the file stores layers.0.bias", "has no such parameter");
        // a layer moved: its weights are found under another index
        mentions(loadFails(edited(f, "{\\\"type\\\":\\\"ReLU\\\"},", "", false)), "the architecture has layers.3.weight");
        // the Dense layer removed: its weights are left over
        mentions(loadFails(edited(f, "," + dense, "", false)), "the file stores layers.4.", "has no such parameter");
        // an extra ReLU (no weights): only the metadata CRC can tell, and does
        mentions(loadFails(edited(f, dense, dense + ",{\\\"type\\\":\\\"ReLU\\\"}", true)), "architecture", "were changed");
    }

    @Test
    void classNamesMustMatchTheOutputs() throws IOException {
        var e = assertThrows(CheckpointException.class,
                () -> new Checkpoint(model(), Normalization.NONE, List.of("a", "b"), Map.of()).save(dir.resolve("two.safetensors")));
        mentions(e.getMessage(), "the model gives (1, 3) outputs", "lists 2 class names", "one name per output");
        byte[] f = Files.readAllBytes(saved("m.safetensors"));
        mentions(loadFails(edited(f, "[\\\"a\\\",\\\"b\\\",\\\"c\\\"]", "[\\\"a\\\",\\\"b\\\"]", false)), "lists 2 class names [a, b]");
    }

    @Test
    void staleTemporaryFilesOfOurNamingAreCleanedOnTheNextSave() throws IOException {
        Path target = dir.resolve("model.safetensors");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (int i = 0; i < 11; i++) {
            Files.setLastModifiedTime(Files.write(dir.resolve(".model.safetensors" + (1000 + i) + ".tmp"), new byte[10]), old);
        }
        Path young = Files.write(dir.resolve(".model.safetensors99.tmp"), new byte[10]);   // maybe another save in progress
        Path notOurs = Files.write(dir.resolve(".model.safetensors-notes.tmp"), new byte[10]);
        Files.setLastModifiedTime(notOurs, old);
        new Checkpoint(model(), Normalization.NONE, List.of("a", "b", "c"), Map.of()).save(target);
        try (var files = Files.list(dir)) {
            var names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(".model.safetensors-notes.tmp", ".model.safetensors99.tmp", "model.safetensors"), names);
        }
        assertTrue(Files.exists(young) && Files.exists(notOurs));
    }

    @Test
    void anUnusableOutputPathIsReportedBeforeTraining() throws IOException {
        Path file = Files.write(dir.resolve("plain.txt"), new byte[1]);
        mentions(assertThrows(IllegalArgumentException.class, () -> CheckpointFiles.requireWritable(file.resolve("m.safetensors"))).getMessage(),
                "cannot write checkpoint", "plain.txt is a file, not a folder");
        mentions(assertThrows(IllegalArgumentException.class, () -> CheckpointFiles.requireWritable(dir)).getMessage(),
                "it is a folder", "model.safetensors");
        // a filesystem that takes no new files (procfs refuses them even to root, as a read-only mount does)
        mentions(assertThrows(IllegalArgumentException.class, () -> CheckpointFiles.requireWritable(Path.of("/proc/convkit-m.safetensors")))
                .getMessage(), "cannot write checkpoint", "the folder /proc is not writable");
        CheckpointFiles.requireWritable(dir.resolve("new/sub/m.safetensors"));   // a missing folder is fine: it is created
        try (var left = Files.list(dir.resolve("new/sub"))) {
            assertEquals(0, left.count(), "the check leaves nothing behind");
        }
    }

    @Test
    void filesStudentsMistakeForACheckpointAreNamed() throws IOException {
        Path pt = Files.write(dir.resolve("model.pt"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        mentions(assertThrows(CheckpointException.class, () -> Checkpoint.load(pt)).getMessage(), "zip archive", "torch.save",
                "save_file(model.state_dict()");
        Path pickle = Files.write(dir.resolve("model.pkl"), new byte[] {(byte) 0x80, 2, 'c', 'x', 0, 0, 0, 0, 0, 0});
        mentions(assertThrows(CheckpointException.class, () -> Checkpoint.load(pickle)).getMessage(), "Python pickle", "never loads pickles");
        mentions(assertThrows(CheckpointException.class, () -> Checkpoint.load(dir)).getMessage(), "is a folder");
    }

    @Test
    void theSavedFileStillLoads() {
        var back = Checkpoint.load(saved("ok.safetensors"));
        assertEquals(List.of("a", "b", "c"), back.classNames());
        assertFalse(back.model().toString().isEmpty());
    }
}
