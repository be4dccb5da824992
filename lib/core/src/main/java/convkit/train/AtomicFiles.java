package convkit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, are forced
 * to disk, and the temporary file is renamed over the target. A crash leaves the old file or the new
 * one, never half of either.
 *
 * <p>The file gets the permissions a new file gets from the user's umask (0644 under the usual
 * umask 022), as {@code cp} or a text editor would give it, so a teammate can read a checkpoint or
 * an export. ({@link Files#createTempFile} would give 0600, which is right for secrets, not for models.)
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code parts} one after the other to {@code file}; the folder is created when missing. */
    public static void write(Path file, ByteBuffer... parts) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = createTemp(target);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (ByteBuffer b : parts) while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Writes {@code text} as UTF-8, atomically as {@link #write}. */
    public static void writeString(Path file, String text) {
        write(file, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * An empty, new temporary file beside {@code target} ({@code .name<random digits>.tmp}), created without
     * explicit permissions so that the operating system applies the umask, as for any new file.
     */
    public static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            // ".name<digits>.tmp", the form CheckpointFiles.cleanStale recognises as a save's leftover
            Path tmp = dir.resolve("." + target.getFileName() + (ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                return Files.createFile(tmp);   // CREATE_NEW: never follows or reuses someone else's file
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original error matters more
        }
    }
}
