package convkit.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Turns the code of an assignment notebook into one Java class the grader can compile.
 *
 * <p>The graded cells are those tagged {@code graded} in the cell metadata or whose first line
 * is a {@code // GRADED} comment; when no cell is marked, every code cell counts. Each cell is
 * split into JShell snippets: imports move to the top, declarations (methods, fields, classes)
 * become members of the class, and statements and expressions (the student's own experiments)
 * are left out. The imports the notebook kernel starts with are added, so cells compile as they
 * ran in the notebook.
 */
public final class NotebookSource {
    private NotebookSource() {}

    /** What the notebook kernel imports at start: JShell's defaults and ConvKit's packages (kernel-config/convkit.jsh). */
    static final List<String> KERNEL_IMPORTS = List.of("java.io.*", "java.math.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*",
            "convkit.tensor.*", "convkit.conv.*", "convkit.pool.*", "convkit.filters.*", "convkit.lecture.*", "convkit.nn.*",
            "convkit.data.*", "convkit.exec.*", "convkit.train.*", "convkit.viz.*");

    /**
     * The kernel's imports whose packages are in convkit-core, what graded code links against (an
     * import of a missing package does not compile; convkit-viz is the kernel's, not the grader's).
     */
    static List<String> kernelImports() {
        List<String> out = new ArrayList<>();
        ClassLoader cl = NotebookSource.class.getClassLoader();
        String core = convkit.tensor.Tensor.class.getProtectionDomain().getCodeSource().getLocation().toString().replaceFirst("^file:", "");
        for (String i : KERNEL_IMPORTS) {
            String pkg = i.substring(0, i.length() - 2);
            java.net.URL where = pkg.startsWith("convkit.") ? cl.getResource(pkg.replace('.', '/')) : null;
            if (!pkg.startsWith("convkit.") || (where != null && where.toString().contains(core) && !pkg.equals("convkit.viz"))) out.add(i);
        }
        return out;
    }

    /** The generated source and what was done to get it. */
    public record Extracted(String source, int gradedCells, int keptSnippets, int droppedSnippets) {}

    public static Extracted toJava(Path notebook, String packageName, String className) throws IOException {
        JsonObject nb;
        try {
            nb = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(notebook + " is not a Jupyter notebook (JSON): " + e.getMessage(), e);
        }
        List<String> all = new ArrayList<>(), graded = new ArrayList<>();
        JsonArray cells = nb.has("cells") ? nb.getAsJsonArray("cells") : new JsonArray();
        for (JsonElement ce : cells) {
            JsonObject cell = ce.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) continue;
            String src = text(cell.get("source"));
            all.add(src);
            if (isGraded(cell, src)) graded.add(src);
        }
        List<String> chosen = graded.isEmpty() ? all : graded;
        Set<String> imports = new LinkedHashSet<>();
        for (String i : kernelImports()) imports.add("import " + i + ";");
        StringBuilder members = new StringBuilder();
        int kept = 0, dropped = 0;
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            int cellNo = 0;
            for (String cell : chosen) {
                cellNo++;
                String rest = cell;
                while (!rest.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                    String snippet = info.source() == null ? rest : info.source();
                    rest = info.source() == null ? "" : info.remaining();
                    if (snippet.isBlank()) break;
                    Snippet.Kind kind = analysis.sourceToSnippets(snippet).get(0).kind();
                    switch (kind) {
                        case IMPORT:
                            imports.add(snippet.strip());
                            kept++;
                            break;
                        case ERRONEOUS:
                            // JShell calls a call of a method of another cell erroneous too (it is analysed alone):
                            // keep only what reads as a declaration, so that javac reports its error to the student.
                            if (!looksLikeDeclaration(snippet)) {
                                dropped++;
                                break;
                            }
                            // fall through
                        case METHOD:
                        case TYPE_DECL:
                        case VAR:
                            members.append("    // from graded cell ").append(cellNo).append('\n')
                                    .append(indent(snippet.strip())).append("\n\n");
                            kept++;
                            break;
                        default:
                            dropped++; // a statement or expression: the student's own try-out
                    }
                }
            }
        }
        StringBuilder src = new StringBuilder("// Generated by ConvKit's grader from " + notebook.getFileName() + "\n");
        if (!packageName.isEmpty()) src.append("package ").append(packageName).append(";\n\n");
        for (String i : imports) src.append(i).append('\n');
        src.append("\npublic class ").append(className).append(" {\n").append(members).append("}\n");
        return new Extracted(src.toString(), chosen.size(), kept, dropped);
    }

    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "^\\s*(@[\\w.]+(\\([^)]*\\))?\\s*)*((public|private|protected|static|final|abstract|synchronized|sealed|non-sealed|default)\\s+)*"
                    + "((class|interface|enum|record)\\s"
                    + "|(?!(return|throw|new|yield|if|for|while|do|switch|try|assert|break|continue|else|case)\\b)"
                    + "(<[^>]*>\\s*)?[\\w.$]+(\\s*<[^()]*?>)?(\\s*\\[\\s*\\])*\\s+[\\w$]+\\s*(\\(|=|;|,|\\[))");

    /** A type, method or field declaration (possibly broken), as opposed to a statement or an expression. */
    static boolean looksLikeDeclaration(String snippet) {
        String code = snippet.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
        return DECLARATION.matcher(code).find();
    }

    private static boolean isGraded(JsonObject cell, String src) {
        JsonObject meta = cell.has("metadata") ? cell.getAsJsonObject("metadata") : new JsonObject();
        if (meta.has("tags")) for (JsonElement t : meta.getAsJsonArray("tags")) if ("graded".equals(t.getAsString())) return true;
        String first = src.strip().lines().findFirst().orElse("");
        return first.replace(" ", "").toUpperCase(java.util.Locale.ROOT).startsWith("//GRADED");
    }

    private static String text(JsonElement source) {
        if (source == null) return "";
        if (source.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement l : source.getAsJsonArray()) sb.append(l.getAsString());
            return sb.toString();
        }
        return source.getAsString();
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }
}
