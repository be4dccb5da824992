package convkit.grading.batch;

import convkit.grading.AssignmentSpec;
import convkit.grading.GradeRun;
import convkit.grading.Limits;
import convkit.grading.Report;
import convkit.grading.deploy.GradescopeResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Grades a whole class: every submission in a folder (a sub-folder of .java files, a .java file
 * or an .ipynb notebook per student), {@code jobs} at a time, each into
 * {@code OUT/<student>/results.json} (Gradescope's format, written atomically). A single .java
 * file is graded under the handout's file name, so {@code frank.java} holding
 * {@code public class Convolutions} compiles.
 *
 * <p>One submission never stops the batch: everything it throws is caught and recorded as an
 * {@link StudentResult#ERROR} row with a valid empty report, and a grading that overruns a
 * watchdog (twice its {@link Limits#bound} plus 30 s; {@link GradeRun} keeps to the bound itself,
 * this is only for a fault of the grader) is recorded the same way and left behind, its slot given
 * to the next submission.
 *
 * <pre>{@code
 * List<StudentResult> rows = BatchGrader.run(new BatchGrader.Options(Assignments.get(1),
 *         Assignments.get(1).limits(), Path.of("submissions"), Path.of("graded"), 2), BatchGrader.Listener.NONE);
 * }</pre>
 */
public final class BatchGrader {
    private BatchGrader() {}

    /** Suffixes of the submissions that are single files. */
    private static final List<String> FILE_KINDS = List.of(".java", ".ipynb");

    /**
     * @param spec        the assignment
     * @param limits      time and memory for each submission (usually {@code spec.limits()})
     * @param submissions the folder that holds one entry per student
     * @param out         where the per-student reports go
     * @param jobs        submissions graded at the same time, at least 1
     */
    public record Options(AssignmentSpec spec, Limits limits, Path submissions, Path out, int jobs) {
        public Options {
            if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            if (!Files.isDirectory(submissions)) {
                throw new IllegalArgumentException("the submissions folder " + submissions + " does not exist or is not a folder");
            }
        }
    }

    /** Told of each finished submission, from grading threads (one call at a time). */
    public interface Listener {
        Listener NONE = (r, done, total) -> {};

        default void started(List<Entry> entries) {}

        void finished(StudentResult result, int done, int total);
    }

    /** One submission found in the folder. */
    public record Entry(String student, Path path) {}

    /** The default number of jobs: half the processors (each job runs a compiler and a child JVM), at least 1. */
    public static int defaultJobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * The submissions in {@code dir}, by student name: sub-folders, .java files and .ipynb
     * notebooks; hidden entries and {@code exclude} (the output folder, when it is inside) are left
     * out. When a folder and a file (or two files) share a name, the file keeps its suffix.
     */
    public static List<Entry> find(Path dir, Path exclude) throws IOException {
        List<Path> found = new ArrayList<>();
        Path ex = exclude == null ? null : exclude.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || p.toAbsolutePath().normalize().equals(ex)) continue;
                if (Files.isDirectory(p) || suffix(name) != null) found.add(p);
            }
        }
        Map<String, Integer> count = new HashMap<>();
        for (Path p : found) count.merge(stem(p), 1, Integer::sum);
        List<Entry> entries = new ArrayList<>();
        for (Path p : found) {
            String student = count.get(stem(p)) > 1 && !Files.isDirectory(p) ? p.getFileName().toString() : stem(p);
            entries.add(new Entry(student, p));
        }
        entries.sort(Comparator.comparing(Entry::student));
        return entries;
    }

    /** The entries of the folder that are not submissions (other files), to tell the user. */
    public static List<Path> ignored(Path dir, Path exclude) throws IOException {
        List<Path> graded = find(dir, exclude).stream().map(Entry::path).toList();
        Path ex = exclude == null ? null : exclude.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().filter(p -> !graded.contains(p) && !p.getFileName().toString().startsWith(".")
                    && !p.toAbsolutePath().normalize().equals(ex)).toList();
        }
    }

    private static String suffix(String name) {
        for (String k : FILE_KINDS) if (name.toLowerCase(Locale.ROOT).endsWith(k) && name.length() > k.length()) return k;
        return null;
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        String k = Files.isDirectory(p) ? null : suffix(name);
        return k == null ? name : name.substring(0, name.length() - k.length());
    }

    /** Grades every submission; returns one row per student, sorted by name. */
    public static List<StudentResult> run(Options o, Listener listener) throws IOException {
        List<Entry> entries = find(o.submissions(), o.out());
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no submissions in " + o.submissions()
                    + ": expected one sub-folder of .java files, one .java file or one .ipynb notebook per student");
        }
        Files.createDirectories(o.out());
        listener.started(entries);
        Duration watchdog = o.limits().bound(o.spec().graders().size()).multipliedBy(2).plusSeconds(30);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "batch-grade");
            t.setDaemon(true);   // a grading left behind by the watchdog must not keep the JVM alive
            return t;
        });
        Semaphore slots = new Semaphore(o.jobs());
        AtomicInteger done = new AtomicInteger();
        Object tell = new Object();
        List<CompletableFuture<StudentResult>> futures = new ArrayList<>();
        try {
            for (Entry e : entries) {
                slots.acquireUninterruptibly();
                AtomicBoolean settled = new AtomicBoolean();
                long start = System.nanoTime();
                CompletableFuture<StudentResult> f = CompletableFuture.supplyAsync(() -> gradeOne(o, e, settled, start), pool)
                        .orTimeout(watchdog.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(t -> errorRow(o, e, settled, start, t))
                        .whenComplete((r, t) -> {
                            slots.release();
                            synchronized (tell) {
                                listener.finished(r, done.incrementAndGet(), entries.size());
                            }
                        });
                futures.add(f);
            }
            List<StudentResult> rows = new ArrayList<>();
            for (CompletableFuture<StudentResult> f : futures) rows.add(f.join());
            rows.sort(Comparator.comparing(StudentResult::student));
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Grades one submission and writes its report; any failure becomes an error row. */
    private static StudentResult gradeOne(Options o, Entry e, AtomicBoolean settled, long start) {
        Report report;
        Path staged = null;
        try {
            Path what = e.path();
            if (!Files.isDirectory(what) && what.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".java")) {
                // Class lists name files after students (frank.java), but javac wants a public class in a file of
                // its own name: the file is graded under the name the handout uses.
                staged = Files.createTempDirectory("convkit-batch-");
                what = Files.copy(what, staged.resolve(o.spec().simpleClassName() + ".java"));
            }
            report = GradeRun.grade(o.spec(), what, o.limits());
        } catch (Exception | Error t) {
            return errorRow(o, e, settled, start, t);
        } finally {
            deleteQuietly(staged);
        }
        if (!settled.compareAndSet(false, true)) return null;   // the watchdog already wrote the error row
        try {
            GradescopeResults.write(report, reportFile(o, e));
        } catch (IOException | RuntimeException t) {
            return new StudentResult(e.student(), e.path(), report.score(), report.maxScore(), StudentResult.ERROR, List.of(),
                    "graded, but the report could not be written: " + t, seconds(start));
        }
        boolean nothingRan = !report.tests().isEmpty()
                && report.tests().stream().allMatch(t -> t.output() != null && t.output().startsWith("not run: "));
        String status = report.output() != null && report.output().contains("does not compile") ? StudentResult.NOT_COMPILED
                : nothingRan ? StudentResult.NOT_RUN : StudentResult.GRADED;
        return new StudentResult(e.student(), e.path(), report.score(), report.maxScore(), status, Mistakes.of(report), "", seconds(start));
    }

    private static StudentResult errorRow(Options o, Entry e, AtomicBoolean settled, long start, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        String why = cause instanceof java.util.concurrent.TimeoutException
                ? "grading did not finish within the batch's watchdog; it was abandoned"
                : "the grader failed on this submission: " + cause;
        if (settled.compareAndSet(false, true)) {
            try {
                GradescopeResults.write(GradescopeResults.failed(o.spec().number(), why), reportFile(o, e));
            } catch (IOException | RuntimeException w) {
                why += " (and its report could not be written: " + w + ")";
            }
        }
        return new StudentResult(e.student(), e.path(), 0, Double.NaN, StudentResult.ERROR, List.of(), why, seconds(start));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary copy left behind is harmless
        }
    }

    /** {@code OUT/<student>/results.json}. */
    public static Path reportFile(Options o, Entry e) {
        return o.out().resolve(e.student()).resolve("results.json");
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
