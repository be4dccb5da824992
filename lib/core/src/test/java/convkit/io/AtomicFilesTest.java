package convkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> folder() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesPartsInOrderAndCreatesTheFolder() throws IOException {
        Path f = dir.resolve("a/b/out.bin");
        Path written = AtomicFiles.write(f, ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3}));
        assertEquals(f.toAbsolutePath(), written);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("report.json");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new é");
        assertEquals("new é", Files.readString(f));
        assertEquals(List.of(f), folder());
    }

    @Test
    void aFailingWriterKeepsTheOldFileAndCleansUp() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.writeString(f, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeWith(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("model.bin") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), folder());
    }

    @Test
    void aWriterThatCreatesNothingIsAnError() throws IOException {
        Path f = dir.resolve("picture.png");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeWith(f, tmp -> { }));
        assertTrue(e.getMessage().contains("did not create"), e.getMessage());
        assertTrue(folder().isEmpty());
    }

    @Test
    void theWriterGetsAFreshPathBesideTheTarget() throws IOException {
        Path f = dir.resolve("archive.zip");
        AtomicFiles.writeWith(f, tmp -> {
            assertEquals(dir.toAbsolutePath(), tmp.getParent());
            assertTrue(Files.notExists(tmp), "a zip file system or ImageIO must be able to create it");
            Files.write(tmp, new byte[] {7});
        });
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(f));
    }

    @Test
    void newFilesGetTheUmasksPermissionsNotTempFilePermissions() throws IOException {
        Path f = dir.resolve("shared.txt");
        AtomicFiles.writeString(f, "x");
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
        assertTrue(p.contains(PosixFilePermission.OWNER_READ) && p.contains(PosixFilePermission.OWNER_WRITE), p.toString());
        // Under the usual umask 022 others may read; createTempFile would have given 0600.
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), p);
    }

    @Test
    void nullArgumentsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> AtomicFiles.writeString(null, "x"));
        assertTrue(e.getMessage().contains("file"), e.getMessage());
    }
}
