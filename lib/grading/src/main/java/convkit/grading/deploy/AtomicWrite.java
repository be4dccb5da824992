package convkit.grading.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: the bytes go to a fresh file in the same folder, which is
 * then renamed over the target, so a reader (Gradescope, a teacher's browser, a second batch)
 * never sees half a file.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    public static Path bytes(Path file, byte[] data) throws IOException {
        Path tmp = temporarySibling(file);
        try {
            Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return moveInto(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Path text(Path file, String text) throws IOException {
        return bytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A name that does not exist yet, next to {@code file} (so the final rename stays on one file system); its folder is created. */
    public static Path temporarySibling(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        return abs.getParent().resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime())
                + Integer.toHexString(System.identityHashCode(Thread.currentThread())) + ".tmp");
    }

    /** Renames a finished temporary file onto {@code file}, atomically where the file system can. */
    public static Path moveInto(Path tmp, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        return abs;
    }
}
