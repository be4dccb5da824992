package convkit.grading.batch;

import convkit.grading.Report;
import convkit.grading.batch.StudentResult.NamedMistake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the named mistakes out of a report's feedback, for the class summary. The graders name
 * a mistake as a line "likely cause: ..." (TeachingAssert); the other ways to lose points are told
 * in sentences this class knows by a few words (a TODO left, a compile error, a timeout, an exit,
 * out of memory, an exception thrown by the student's code). A sentence it does not know is not
 * counted, which costs the summary a row, never a student a point.
 */
public final class Mistakes {
    private Mistakes() {}

    private static final Pattern CAUSE = Pattern.compile("likely cause: ([^\\n]+)");
    private static final Pattern EXCEPTION = Pattern.compile("\\b((?:[A-Z][a-z]+)+(?:Exception|Error))\\b");

    /** Failure kinds recognised by a phrase of the feedback, and the name they get in the summary. */
    private static final Map<String, String> KINDS = kinds();

    private static Map<String, String> kinds() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("not implemented yet", "not implemented (the skeleton's TODO is still there)");
        m.put("did not finish in time", "did not finish in time (an endless loop, or a thread that waits forever)");
        m.put("ran out of memory", "ran out of memory");
        m.put("System.exit(", "called System.exit (or Runtime.halt)");
        return m;
    }

    /** The named mistakes of one report, each with the tests it showed in, in the order of the tests. */
    public static List<NamedMistake> of(Report report) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        String top = report.output() == null ? "" : report.output();
        if (top.contains("does not compile")) found.computeIfAbsent("does not compile", k -> new ArrayList<>());
        for (Report.TestResult t : report.tests()) {
            if (t.score() >= t.maxScore() - 1e-9 || t.output() == null) continue;
            String out = t.output();
            if (out.startsWith("not run: ")) continue;   // the reason is at the top (compile error, budget) and counted there
            Matcher m = CAUSE.matcher(out);
            boolean named = false;
            while (m.find()) {
                add(found, m.group(1).strip(), t.name());
                named = true;
            }
            for (Map.Entry<String, String> k : KINDS.entrySet()) {
                if (out.contains(k.getKey())) {
                    add(found, k.getValue(), t.name());
                    named = true;
                }
            }
            if (!named) {
                Matcher e = EXCEPTION.matcher(out);
                while (e.find()) {
                    if (!e.group(1).startsWith("Assertion")) add(found, e.group(1) + " thrown by the submission", t.name());
                }
            }
        }
        boolean nothingRan = !report.tests().isEmpty()
                && report.tests().stream().allMatch(t -> t.output() != null && t.output().startsWith("not run: "));
        if (nothingRan && found.isEmpty()) found.put("no test ran (the submission could not be read or run; see its report)", new ArrayList<>());
        List<NamedMistake> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : found.entrySet()) out.add(new NamedMistake(e.getKey(), e.getValue()));
        return out;
    }

    private static void add(Map<String, List<String>> found, String cause, String test) {
        List<String> tests = found.computeIfAbsent(cause, k -> new ArrayList<>());
        if (!tests.contains(test)) tests.add(test);
    }
}
