package convkit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Where checkpoints go: an output path checked before a long run, and the temporary files a killed save left behind. */
public final class CheckpointFiles {
    /** A temporary file younger than this may belong to a save in progress (another process) and is left alone. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private CheckpointFiles() {}

    /**
     * Fails at once, with the reason, when {@code file} cannot be written as a checkpoint: its
     * folder is a file or cannot be created, it is a folder itself, or the folder is not writable.
     * Call it before training, so an unusable path does not cost an epoch.
     *
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    public static void requireWritable(Path file) {
        Objects.requireNonNull(file, "the checkpoint path must not be null");
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("cannot write checkpoint " + file + ": it is a folder; give a file name, e.g. "
                    + file.resolve("model.safetensors"));
        }
        Path parent = target.getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException("cannot write checkpoint " + file + ": " + p + " is a file, not a folder");
            }
            if (Files.isDirectory(p)) break;
        }
        try {
            Files.createDirectories(parent);
            Path probe = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write checkpoint " + file + ": the folder " + parent + " is not writable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IllegalArgumentException("cannot write checkpoint " + file + ": the file exists and is read-only");
        }
    }

    /**
     * Deletes temporary files of {@link Checkpoint#save}'s own naming ({@code .<name><digits>.tmp}
     * beside {@code target}) that a killed save left behind; younger ones may be another save's.
     */
    static void cleanStale(Path target) {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName();
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_AFTER));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> ours(p.getFileName().toString(), prefix))) {
            for (Path p : files) {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(cutoff) < 0) Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another process may have removed it; cleaning up is best effort
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a folder we cannot list will fail the save itself with a clear message
        }
    }

    /** {@code prefix} + digits + {@code .tmp}: the names {@link Files#createTempFile} gives our saves. */
    static boolean ours(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(".tmp")) return false;
        String middle = name.substring(prefix.length(), name.length() - 4);
        return !middle.isEmpty() && middle.chars().allMatch(Character::isDigit);
    }
}
