package convkit.cli;

import convkit.assignments.Assignments;
import convkit.grading.AssignmentSpec;
import convkit.grading.Limits;
import convkit.grading.batch.BatchGrader;
import convkit.grading.batch.StudentResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convkit grade batch --assignment N --submissions DIR --out DIR [--jobs J]}: grades a
 * whole class, writes one results.json per student, summary.csv and summary.html.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grade every submission in a folder: one sub-folder of .java files, one .java file or one .ipynb notebook per student.",
                "Writes OUT/<student>/results.json (Gradescope's format), OUT/summary.csv (student, score, max, status, mistakes)",
                "and OUT/summary.html (score distribution chart, the most common named mistakes, every student).",
                "A submission that fails, hangs or cheats costs only its own row."},
        footer = {"", "Exit code: 0 when the batch finished (rows with status \"error\" are in the summary), 1 on bad input.",
                "", "Example:", "  ./convkit grade batch --assignment 1 --submissions class/ --out graded/ --jobs 2"})
final class GradeBatchCommand implements Callable<Integer> {

    @Option(names = {"-a", "--assignment"}, required = true, paramLabel = "N", description = "the assignment number (1-4)")
    int assignment;

    @Option(names = {"-s", "--submissions"}, required = true, paramLabel = "DIR", description = "the folder with one entry per student")
    Path submissions;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "where the reports and the summaries go")
    Path out;

    @Option(names = {"-j", "--jobs"}, paramLabel = "J",
            description = "submissions graded at the same time (default: half the processors, at least 1)")
    Integer jobs;

    @Option(names = "--per-test-seconds", paramLabel = "S", description = "override the time limit of one test (0 < S <= 3600)")
    Double perTestSeconds;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar in a terminal, text lines otherwise), bar, text or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Override
    public Integer call() throws Exception {
        AssignmentSpec spec = Assignments.get(assignment);
        Limits limits = spec.limits();
        if (perTestSeconds != null) {
            if (!(perTestSeconds > 0 && perTestSeconds <= 3600)) {
                throw new IllegalArgumentException("--per-test-seconds must be a number of seconds in (0, 3600], got " + perTestSeconds);
            }
            limits = limits.withPerTest(Duration.ofMillis(Math.max(1, Math.round(perTestSeconds * 1000))));
        }
        int j = jobs != null ? jobs : BatchGrader.defaultJobs();
        if (j < 1 || j > 64) throw new IllegalArgumentException("--jobs must be between 1 and 64, got " + j);
        if (!progress.matches("auto|bar|text|none")) {
            throw new IllegalArgumentException("--progress must be auto, bar, text or none, got \"" + progress + "\"");
        }
        BatchGrader.Options options = new BatchGrader.Options(spec, limits, submissions, out, j);
        List<BatchGrader.Entry> entries = BatchGrader.find(submissions, out);
        for (BatchGrader.Entry e : entries) {
            if (BatchSummaryFiles.NAMES.contains(e.student())) {
                throw new IllegalArgumentException("a submission is named " + e.student() + ", like a summary file in " + out + "; rename it");
            }
        }
        for (Path p : BatchGrader.ignored(submissions, out)) System.err.println("convkit grade batch: not a submission, ignored: " + p);
        System.err.printf(Locale.ROOT, "grading %d submissions of assignment %d, %d at a time (each at most %d s)...%n",
                entries.size(), assignment, j, limits.bound(spec.graders().size()).toSeconds());
        long start = System.nanoTime();
        List<StudentResult> rows;
        try (Bar bar = new Bar(mode(), entries.size())) {
            rows = BatchGrader.run(options, bar::finished);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path csv = BatchSummaryFiles.writeCsv(rows, out);
        Path html = BatchSummaryFiles.writeHtml(rows, spec, seconds, out);
        long errors = rows.stream().filter(r -> r.status().equals(StudentResult.ERROR)).count();
        double mean = rows.stream().mapToDouble(StudentResult::score).average().orElse(0);
        double max = rows.stream().mapToDouble(StudentResult::maxScore).filter(m -> !Double.isNaN(m)).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "graded %d submissions in %.1f s (%.1f per minute, %d at a time): mean score %.2f / %s, %d errors%n",
                rows.size(), seconds, rows.size() * 60 / seconds, j, mean, Double.isNaN(max) ? "?" : BatchSummaryFiles.number(max), errors);
        System.out.println("reports: " + out.resolve("<student>").resolve("results.json"));
        System.out.println("summary: " + csv);
        System.out.println("summary: " + html);
        return 0;
    }

    private String mode() {
        return progress.equals("auto") ? (System.console() != null ? "bar" : "text") : progress;
    }

    /** The batch's progress: a terminal bar (me.tongfei:progressbar), one text line per submission, or nothing. */
    private static final class Bar implements AutoCloseable {
        private final String mode;
        private final ProgressBar bar;
        private final PrintStream text = System.out;

        Bar(String mode, int total) {
            this.mode = mode;
            this.bar = !mode.equals("bar") ? null : new ProgressBarBuilder().setTaskName("grading").setInitialMax(total)
                    .setUnit(" submissions", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        void finished(StudentResult r, int done, int total) {
            String line = String.format(Locale.ROOT, "[%d/%d] %s: %s / %s, %s (%.1f s)%s", done, total, r.student(),
                    BatchSummaryFiles.number(r.score()), Double.isNaN(r.maxScore()) ? "?" : BatchSummaryFiles.number(r.maxScore()),
                    r.status(), r.seconds(), r.error().isEmpty() ? "" : ": " + r.error());
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(r.student() + " " + BatchSummaryFiles.number(r.score()));
            } else if (mode.equals("text")) {
                text.println(line);
                text.flush();
            }
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }
}
