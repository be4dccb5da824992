package convkit.grading.deploy;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import convkit.grading.Report;
import convkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@link Report} as Gradescope reads it: the report's own JSON plus the output formats, which
 * Gradescope otherwise guesses. The format is Gradescope's "Autograder Specifications", section
 * "Output format" (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format):
 * {@code output_format} and {@code test_output_format} are one of text, html, simple_format, md,
 * ansi; ConvKit's feedback is plain text with line breaks and aligned columns, so "text".
 */
public final class GradescopeResults {
    private GradescopeResults() {}

    /** The output format of ConvKit's feedback (top level and every test). */
    public static final String FORMAT = "text";

    public static String toJson(Report report) {
        JsonObject in = JsonParser.parseString(report.toJson()).getAsJsonObject();
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : in.entrySet()) {
            out.add(e.getKey(), e.getValue());
            if (e.getKey().equals("output")) {   // next to what it describes, for a reader of the file
                out.addProperty("output_format", FORMAT);
                out.addProperty("test_output_format", FORMAT);
            }
        }
        if (!out.has("output_format")) {
            out.addProperty("output_format", FORMAT);
            out.addProperty("test_output_format", FORMAT);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(out);
    }

    /** Writes {@code report} to {@code file} atomically. */
    public static Path write(Report report, Path file) throws IOException {
        return AtomicFiles.writeString(file, toJson(report));
    }

    /** A valid report with no tests and score 0 that says why grading could not run (Gradescope needs a results.json in any case). */
    public static Report failed(int assignment, String why) {
        return new Report(0, 0, why, "visible", "hidden", List.of(), Map.of("assignment", assignment));
    }
}
