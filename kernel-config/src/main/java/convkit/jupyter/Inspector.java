package convkit.jupyter;

import jdk.jshell.SourceCodeAnalysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shift-Tab: the signature and javadoc of the name under the cursor, wherever the cursor is on
 * it. JShell documents a method only with the cursor just after its '(' (and reads javadoc only
 * from sources it finds itself), so the name is completed to its end, tried as written and as a
 * call, and the library's javadoc comes from {@link Javadocs}.
 */
final class Inspector {
    private Inspector() {
    }

    /** The text to show, or null when the cursor is on nothing JShell knows. */
    static String inspect(SourceCodeAnalysis analysis, String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        int start = at;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) start--;
        // the snippet (statement) the cursor is in: JShell analyses one snippet at a time
        int from = snippetStart(analysis, code, start);
        String upTo = code.substring(from, end);
        List<SourceCodeAnalysis.Documentation> docs = List.of();
        if (end > start) {
            docs = analysis.documentation(upTo, upTo.length(), false);
            if (docs.isEmpty()) docs = analysis.documentation(upTo + "(", upTo.length() + 1, false);
        }
        if (docs.isEmpty()) {
            String before = code.substring(from, at);
            docs = analysis.documentation(before, before.length(), false);
        }
        if (docs.isEmpty()) return null;
        Set<String> parts = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Documentation d : docs) {
            String javadoc = Javadocs.forSignature(d.signature());
            parts.add(d.signature() + (javadoc == null ? "" : "\n\n" + indent(javadoc)));
        }
        return String.join("\n\n", parts);
    }

    private static int snippetStart(SourceCodeAnalysis analysis, String code, int position) {
        int offset = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) break;
            int next = code.length() - info.remaining().length();
            if (next > position || next <= offset) break;
            offset = next;
            remaining = info.remaining();
        }
        return offset;
    }

    private static String indent(String s) {
        return s.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
