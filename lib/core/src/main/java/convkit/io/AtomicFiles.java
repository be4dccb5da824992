package convkit.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, are forced
 * to disk, and the temporary file is renamed over the target. A crash or an error leaves the old
 * file or the new one, never half of either, and no temporary file behind.
 *
 * <p>The file gets the permissions a new file gets from the user's umask (0644 under the usual
 * umask 022), as {@code cp} or a text editor would give it, so a teammate can read a checkpoint or
 * an export. ({@link Files#createTempFile} would give 0600, which is right for secrets, not for models.)
 *
 * <p>Every ConvKit module that saves a file (checkpoints, exports, pictures, grading reports,
 * autograder archives) writes it through this class.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file at a path it is given (the path does not exist yet). */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path fresh) throws IOException;
    }

    /** Writes {@code parts} one after the other to {@code file}; the folder is created when missing. */
    public static Path write(Path file, ByteBuffer... parts) {
        Objects.requireNonNull(file, "AtomicFiles.write: file must not be null");
        Objects.requireNonNull(parts, "AtomicFiles.write: parts must not be null");
        return writeWith(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (ByteBuffer b : parts) while (b.hasRemaining()) ch.write(b);
            }
        });
    }

    /** Writes {@code data} to {@code file}, atomically as {@link #write(Path, ByteBuffer...)}. */
    public static Path write(Path file, byte[] data) {
        Objects.requireNonNull(data, "AtomicFiles.write: data must not be null");
        return write(file, ByteBuffer.wrap(data));
    }

    /** Writes {@code text} as UTF-8, atomically as {@link #write(Path, ByteBuffer...)}. */
    public static Path writeString(Path file, String text) {
        Objects.requireNonNull(text, "AtomicFiles.writeString: text must not be null");
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Lets {@code writer} create the whole file at a fresh path beside {@code file} (for writers that
     * insist on creating their own file, such as ImageIO or a zip file system), forces it to disk and
     * renames it over {@code file}. The folder is created when missing. Returns the absolute target.
     */
    public static Path writeWith(Path file, FileWriter writer) {
        Objects.requireNonNull(file, "AtomicFiles.writeWith: file must not be null");
        Objects.requireNonNull(writer, "AtomicFiles.writeWith: writer must not be null");
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = freshSibling(target);
            writer.writeTo(tmp);
            if (!Files.isRegularFile(tmp)) throw new IOException("the writer did not create " + tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);   // e.g. some network file systems
            }
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A path beside {@code target} that does not exist yet ({@code .name<random digits>.tmp}, the
     * form {@code CheckpointFiles} recognises as a save's leftover), so the final rename stays on one
     * file system.
     */
    static Path freshSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; attempt < 100; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + (ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            if (Files.notExists(tmp)) return tmp;
        }
        throw new FileAlreadyExistsException(dir.toString(), null, "no free temporary name after 100 attempts");
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
