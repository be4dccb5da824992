package convkit.cli;

import convkit.grading.AssignmentSpec;
import convkit.grading.batch.StudentResult;
import convkit.grading.batch.StudentResult.NamedMistake;
import convkit.io.AtomicFiles;
import convkit.viz.Histograms;
import convkit.viz.ImageFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The class summaries of {@code convkit grade batch}: summary.csv (written by Tablesaw, which
 * quotes as RFC 4180 asks) and summary.html, a page that stands alone (the score distribution is
 * an XChart chart embedded as a base64 PNG).
 */
final class BatchSummaryFiles {
    private BatchSummaryFiles() {}

    static final String CSV = "summary.csv";
    static final String HTML = "summary.html";
    static final Set<String> NAMES = Set.of(CSV, HTML);

    /** student, score, max, status, mistakes (named mistakes separated by "; ", or the error of an error row). */
    static Path writeCsv(List<StudentResult> rows, Path out) throws IOException {
        double max = maxScore(rows);
        Table t = Table.create("summary",
                StringColumn.create("student", rows.stream().map(StudentResult::student).toList()),
                DoubleColumn.create("score", rows.stream().mapToDouble(StudentResult::score).toArray()),
                DoubleColumn.create("max", rows.stream().mapToDouble(r -> Double.isNaN(r.maxScore()) ? max : r.maxScore()).toArray()),
                StringColumn.create("status", rows.stream().map(StudentResult::status).toList()),
                StringColumn.create("mistakes", rows.stream().map(BatchSummaryFiles::mistakes).toList()));
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return AtomicFiles.writeString(out.resolve(CSV), w.toString());
    }

    private static String mistakes(StudentResult r) {
        if (!r.error().isEmpty()) return r.error();
        return r.mistakes().stream().map(NamedMistake::cause).collect(Collectors.joining("; "));
    }

    /** The points of the assignment, read from the rows that have them (NaN when none has). */
    static double maxScore(List<StudentResult> rows) {
        return rows.stream().mapToDouble(StudentResult::maxScore).filter(m -> !Double.isNaN(m)).max().orElse(Double.NaN);
    }

    static Path writeHtml(List<StudentResult> rows, AssignmentSpec spec, double seconds, Path out) throws IOException {
        double max = maxScore(rows);
        StringBuilder h = new StringBuilder();
        String title = "Assignment " + spec.number() + ": " + spec.title();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append(" - class summary</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}")
                .append("td.n{text-align:right}.error{color:#b00}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        long errors = rows.stream().filter(r -> r.status().equals(StudentResult.ERROR)).count();
        long notCompiled = rows.stream().filter(r -> r.status().equals(StudentResult.NOT_COMPILED)).count();
        double[] scores = rows.stream().filter(r -> !r.status().equals(StudentResult.ERROR)).mapToDouble(StudentResult::score).sorted().toArray();
        h.append("<p>").append(rows.size()).append(" submissions graded in ").append(String.format(Locale.ROOT, "%.0f s", seconds))
                .append(" on ").append(esc(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))).append(". ");
        if (scores.length > 0) {
            h.append(String.format(Locale.ROOT, "Mean %.2f, median %s of %s points; ", mean(scores), number(median(scores)), number(max)))
                    .append(count(rows, r -> !Double.isNaN(max) && r.score() >= max - 1e-9)).append(" with full marks, ");
        }
        long notRun = rows.stream().filter(r -> r.status().equals(StudentResult.NOT_RUN)).count();
        h.append(notCompiled).append(" did not compile, ").append(notRun).append(" ran no test (status not run), ")
                .append(errors).append(" could not be graded (status error).</p>\n");

        if (scores.length > 0 && !Double.isNaN(max) && max > 0) {
            byte[] png = ImageFiles.pngBytes(Histograms.of("Score distribution (" + scores.length + " graded submissions)", "score",
                    scores, 0, max, 10));
            h.append("<p><img alt=\"score distribution: students per score range\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
        }

        h.append("<h2>Most common named mistakes</h2>\n");
        Map<String, Set<String>> students = new LinkedHashMap<>();
        Map<String, Set<String>> tests = new LinkedHashMap<>();
        for (StudentResult r : rows) {
            for (NamedMistake m : r.mistakes()) {
                students.computeIfAbsent(m.cause(), k -> new LinkedHashSet<>()).add(r.student());
                tests.computeIfAbsent(m.cause(), k -> new LinkedHashSet<>()).addAll(m.tests());
            }
        }
        if (students.isEmpty()) {
            h.append("<p>No named mistakes in the feedback.</p>\n");
        } else {
            List<String> causes = new ArrayList<>(students.keySet());
            causes.sort(Comparator.comparing((String c) -> -students.get(c).size()).thenComparing(c -> c));
            h.append("<table><tr><th>mistake (as the feedback names it)</th><th>students</th><th>share</th><th>in tests</th></tr>\n");
            for (String c : causes) {
                int n = students.get(c).size();
                h.append("<tr><td>").append(esc(c)).append("</td><td class=\"n\">").append(n).append("</td><td class=\"n\">")
                        .append(Math.round(100.0 * n / rows.size())).append("%</td><td>").append(esc(shortList(tests.get(c)))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Every submission</h2>\n<table><tr><th>student</th><th>score</th><th>status</th><th>named mistakes / error</th><th>report</th></tr>\n");
        for (StudentResult r : rows) {
            h.append("<tr").append(r.status().equals(StudentResult.ERROR) ? " class=\"error\"" : "").append("><td>").append(esc(r.student()))
                    .append("</td><td class=\"n\">").append(number(r.score())).append(" / ").append(number(Double.isNaN(r.maxScore()) ? max : r.maxScore()))
                    .append("</td><td>").append(esc(r.status())).append("</td><td>").append(esc(mistakes(r)))
                    .append("</td><td><a href=\"").append(esc(urlPath(r.student()))).append("/results.json\">results.json</a></td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return AtomicFiles.writeString(out.resolve(HTML), h.toString());
    }

    /** At most three names, then how many more. */
    private static String shortList(Set<String> names) {
        List<String> l = new ArrayList<>(names);
        return l.size() <= 3 ? String.join("; ", l) : String.join("; ", l.subList(0, 3)) + "; and " + (l.size() - 3) + " more";
    }

    private static long count(List<StudentResult> rows, java.util.function.Predicate<StudentResult> p) {
        return rows.stream().filter(p).count();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "?";
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String urlPath(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
