package convkit.grading;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A grading result in Gradescope's {@code results.json} format:
 *
 * <pre>{@code
 * { "score": 14.0,                       // sum of the tests' scores
 *   "execution_time": 5,                 // seconds
 *   "output": "...",                     // text shown above the tests
 *   "visibility": "visible", "stdout_visibility": "hidden",
 *   "tests": [ { "name": "...", "number": "1.1", "score": 2.0, "max_score": 2.0,
 *                "status": "passed", "visibility": "visible", "output": "..." }, ... ],
 *   "extra_data": { "assignment": 1, "max_score": 20.0, ... } }
 * }</pre>
 *
 * Written atomically (temporary file, then rename), so a reader never sees half a report.
 */
public record Report(double score, long executionTime, String output, String visibility, String stdoutVisibility,
                     List<TestResult> tests, Map<String, Object> extraData) {

    /** Characters of output kept per test and at the top. */
    public static final int OUTPUT_LIMIT = 6000;

    /** One test's line in the report. {@code status} is "passed" or "failed". */
    public record TestResult(String name, String number, double score, double maxScore, String status,
                             String visibility, String output) {}

    private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    public double maxScore() {
        return tests.stream().mapToDouble(TestResult::maxScore).sum();
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static Report fromJson(String json) {
        return GSON.fromJson(json, Report.class);
    }

    public static Report read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Writes the report to {@code file} atomically (a temporary file in the same folder, then a rename). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    private static final Set<String> VISIBILITIES = Set.of("visible", "hidden", "after_due_date", "after_published");

    /**
     * Checks a results.json text against the documented shape and returns the problems found
     * (empty when it conforms): the keys and types above, every test's score within 0..max_score,
     * and the top-level score equal to the sum of the tests' scores.
     */
    public static List<String> shapeProblems(String json) {
        List<String> p = new ArrayList<>();
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) return List.of("the top level is not a JSON object");
            root = e.getAsJsonObject();
        } catch (RuntimeException e) {
            return List.of("not valid JSON: " + e.getMessage());
        }
        requireNumber(root, "score", "top level", p);
        requireString(root, "output", "top level", p);
        if (root.has("visibility")) requireVisibility(root, "top level", p);
        // Optional keys of Gradescope's format (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format).
        if (root.has("execution_time")) requireNumber(root, "execution_time", "top level", p);
        if (root.has("stdout_visibility")) requireOneOf(root, "stdout_visibility", VISIBILITIES, "top level", p);
        for (String k : List.of("output_format", "test_output_format", "test_name_format")) {
            if (root.has(k)) requireOneOf(root, k, OUTPUT_FORMATS, "top level", p);
        }
        if (!root.has("tests") || !root.get("tests").isJsonArray()) {
            p.add("top level: \"tests\" must be an array");
            return p;
        }
        JsonArray tests = root.getAsJsonArray("tests");
        double sum = 0;
        for (int i = 0; i < tests.size(); i++) {
            String where = "tests[" + i + "]";
            if (!tests.get(i).isJsonObject()) {
                p.add(where + " is not an object");
                continue;
            }
            JsonObject t = tests.get(i).getAsJsonObject();
            requireString(t, "name", where, p);
            requireString(t, "output", where, p);
            requireVisibility(t, where, p);
            for (String k : List.of("output_format", "name_format")) if (t.has(k)) requireOneOf(t, k, OUTPUT_FORMATS, where, p);
            boolean ok = requireNumber(t, "score", where, p) & requireNumber(t, "max_score", where, p);
            if (ok) {
                double s = t.get("score").getAsDouble(), max = t.get("max_score").getAsDouble();
                if (s < -1e-9 || s > max + 1e-9) p.add(where + ": score " + s + " is outside 0.." + max);
                sum += s;
            }
            if (t.has("status") && !Set.of("passed", "failed").contains(t.get("status").getAsString())) {
                p.add(where + ": status must be \"passed\" or \"failed\"");
            }
        }
        if (root.has("score") && root.get("score").isJsonPrimitive() && Math.abs(root.get("score").getAsDouble() - sum) > 1e-6) {
            p.add("top level: score " + root.get("score").getAsDouble() + " is not the sum of the tests' scores " + sum);
        }
        return p;
    }

    private static boolean requireNumber(JsonObject o, String key, String where, List<String> p) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive() || !o.get(key).getAsJsonPrimitive().isNumber()) {
            p.add(where + ": \"" + key + "\" must be a number");
            return false;
        }
        return true;
    }

    private static void requireString(JsonObject o, String key, String where, List<String> p) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive() || !o.get(key).getAsJsonPrimitive().isString()) {
            p.add(where + ": \"" + key + "\" must be a string");
        }
    }

    /** The formats Gradescope renders output and names in. */
    private static final Set<String> OUTPUT_FORMATS = Set.of("text", "html", "simple_format", "md", "ansi");

    private static void requireOneOf(JsonObject o, String key, Set<String> allowed, String where, List<String> p) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString() || !allowed.contains(v.getAsString())) {
            p.add(where + ": \"" + key + "\" must be one of " + allowed);
        }
    }

    private static void requireVisibility(JsonObject o, String where, List<String> p) {
        if (!o.has("visibility") || !VISIBILITIES.contains(o.get("visibility").getAsString())) {
            p.add(where + ": \"visibility\" must be one of " + VISIBILITIES);
        }
    }

    /** The console summary: total, then one line per test, with the feedback of tests that lost points. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s%n", extraData.getOrDefault("title", "grading")));
        if (!output.isBlank()) {
            // what was graded, a compile error, the protections that were off: said before the tests
            sb.append("  ").append(BoundedText.truncate(output.strip(), 3000).replace("\n", "\n  ")).append('\n');
        }
        for (TestResult t : tests) {
            String mark = t.score() >= t.maxScore() - 1e-9 ? "pass" : t.score() > 0 ? "part" : "FAIL";
            sb.append(String.format(Locale.ROOT, "  [%s] %5s/%-4s %s%s%n", mark, fmt(t.score()), fmt(t.maxScore()), t.name(),
                    "visible".equals(t.visibility()) ? "" : "  (" + t.visibility().replace('_', ' ') + ")"));
            if (!mark.equals("pass") && !t.output().isBlank()) {
                String out = BoundedText.truncate(t.output().strip(), 1200);
                sb.append("         ").append(out.replace("\n", "\n         ")).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "score %s / %s in %d s%n", fmt(score), fmt(maxScore()), executionTime));
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
