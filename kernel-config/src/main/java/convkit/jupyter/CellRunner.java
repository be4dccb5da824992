package convkit.jupyter;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs the Java of one notebook cell in a JShell whose user code lives in this JVM. A cell is
 * cut into snippets with {@link SourceCodeAnalysis#analyzeCompletion}, each evaluated in turn; the
 * first compile error or exception stops the cell and is thrown so the kernel reports it.
 */
final class CellRunner implements AutoCloseable {
    /** Returned by {@link #run} when the cell does not end in an expression. */
    static final Object NO_VALUE = new Object();

    /** JShell's DEFAULT start-up imports (what `jshell` gives), plus the kernel's display(). */
    static final String BUILT_IN_STARTUP = String.join("\n",
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.prefs.*;", "import java.util.regex.*;", "import java.util.stream.*;",
            "import static convkit.jupyter.Display.display;", "import static convkit.jupyter.Display.updateDisplay;", "import convkit.jupyter.LiveProgress;");

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CapturingExecutionControl control;
    private final long timeoutMillis;
    private final List<String> userClassPath = new ArrayList<>();
    /** Where each snippet came from, for stack traces: snippet id to (cell label, first line). */
    private final Map<String, Origin> origins = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Origin {
        final String label;
        final int firstLine;
        final String source;

        Origin(String label, int firstLine, String source) {
            this.label = label;
            this.firstLine = firstLine;
            this.source = source;
        }
    }

    /** Starts the traceback line that shows the cell line where the exception was thrown. */
    static final String ARROW = "----> ";

    CellRunner(KernelOptions options) {
        CapturingExecutionControl.Provider provider = new CapturingExecutionControl.Provider();
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions(options.compilerOptions.toArray(new String[0]))
                .build();
        this.control = provider.created;
        if (control == null) throw new IllegalStateException("JShell did not start the local execution engine");
        this.analysis = shell.sourceCodeAnalysis();
        this.timeoutMillis = options.timeoutMillis;
        control.setTimeLimit(timeoutMillis);
        for (String entry : options.classPath) addToClassPath(entry);
    }

    SourceCodeAnalysis analysis() {
        return analysis;
    }

    /** Adds a jar or class directory for the compiler and the class loader of user code. */
    void addToClassPath(String entry) {
        shell.addToClasspath(entry);
        userClassPath.add(entry);
    }

    List<String> userClassPath() {
        return List.copyOf(userClassPath);
    }

    /** Stops the snippet that is running, if any (Jupyter's interrupt). */
    void stop() {
        control.requestStop();
    }

    /**
     * Evaluates a cell. Returns the object of its last expression (which may be null), or
     * {@link #NO_VALUE} when the cell ends in a declaration or statement.
     */
    Object run(String cell) throws Exception {
        return run(cell, "cell");
    }

    /** As {@link #run(String)}; {@code label} (e.g. "In [3]") names the cell in stack traces. */
    Object run(String cell, String label) throws Exception {
        String remaining = cell;
        Snippet last = null;
        control.clearStop();
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) break;
            if (!completeness.isComplete()) {
                throw new CompilationException("The cell ends in the middle of a statement (a missing ';', ')' or '}'?):\n"
                        + indent(info.remaining().strip()));
            }
            // info.source() keeps the blank lines before the code; JShell's stack frames count from the code
            int offset = cell.length() - remaining.length();
            last = evalSnippet(info.source(), label, lineOf(cell, offset), lineOf(cell, offset + leadingBlank(remaining)));
            remaining = info.remaining();
            if (remaining.isBlank()) break;
        }
        return last == null ? NO_VALUE : valueOf(last);
    }

    private Snippet evalSnippet(String source, String label, int sourceLine, int cellLine) throws Exception {
        List<SnippetEvent> events = shell.eval(source);
        if (StartTimeline.ON) StartTimeline.mark("evaluated " + source.strip().lines().findFirst().orElse(""));
        if (control.takeStopped()) {
            if (control.timedOut()) throw new TimeoutException("The statement ran longer than " + KernelOptions.TIMEOUT
                    + " (" + timeoutMillis + " ms) allows and was stopped:\n" + indent(source.strip()));
            throw new InterruptedException("The cell was interrupted.");
        }
        Snippet primary = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue; // a dependent snippet updated as a side effect
            primary = event.snippet();
            origins.put(primary.id(), new Origin(label, cellLine, primary.source()));
            JShellException thrown = event.exception();
            if (thrown != null) throw new CellException(thrown, describeException(thrown));
            switch (event.status()) {
                case REJECTED:
                    throw new CompilationException(describeErrors(event.snippet(), sourceLine));
                case RECOVERABLE_NOT_DEFINED:
                    throw new CompilationException("'" + event.snippet().source().strip() + "' (cell line " + cellLine
                            + ") needs names that are not declared: "
                            + unresolved(event.snippet()));
                case RECOVERABLE_DEFINED:
                    System.err.println("note: cell line " + cellLine + " is declared but cannot be used until "
                            + unresolved(event.snippet()) + " exist");
                    break;
                default:
                    break;
            }
        }
        return primary;
    }

    /** The object behind the snippet's value, if the snippet is an expression. */
    private Object valueOf(Snippet snippet) {
        Optional<VarSnippet> holder = Optional.empty();
        if (snippet instanceof VarSnippet
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            holder = Optional.of((VarSnippet) snippet);
        } else if (snippet instanceof ExpressionSnippet) {
            // `x` or `x = ...`: the value is the named variable's
            String name = ((ExpressionSnippet) snippet).name();
            holder = shell.variables().filter(v -> v.name().equals(name)).reduce((a, b) -> b);
        }
        if (holder.isEmpty()) return NO_VALUE;
        VarSnippet var = holder.get();
        return control.capture(() -> shell.varValue(var));
    }

    private String unresolved(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet)
            return shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).collect(Collectors.joining(", "));
        return "(unknown)";
    }

    /** javac's messages with the offending line and a caret, numbered as lines of the cell. */
    private String describeErrors(Snippet snippet, int cellLine) {
        String source = snippet.source();
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) return "JShell rejected this code (cell line " + cellLine + "):\n" + indent(source.strip());
        StringBuilder out = new StringBuilder();
        for (Diag d : errors) {
            int pos = (int) Math.max(0, Math.min(d.getPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
            if (pos == 0) lineStart = 0;
            int lineEnd = source.indexOf('\n', pos);
            if (lineEnd < 0) lineEnd = source.length();
            int line = cellLine + lineOf(source, lineStart) - 1;
            if (out.length() > 0) out.append('\n');
            String message = d.getMessage(Locale.ENGLISH).replaceAll("\n\\s*location: class\\s*$", "");
            out.append("error (cell line ").append(line).append("): ")
                    .append(message).append('\n')
                    .append("    ").append(source, lineStart, lineEnd).append('\n')
                    .append("    ").append(" ".repeat(Math.max(0, pos - lineStart))).append('^');
        }
        return out.toString();
    }

    /** 1-based line number of a character offset. */
    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static String indent(String s) {
        return s.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    /** Lines of a user exception as the kernel shows it: class, message, snippet frames, causes. */
    List<String> describeException(Throwable e) {
        List<String> lines = new ArrayList<>();
        String prefix = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
            String message = t.getMessage();
            if (t instanceof UnresolvedReferenceException) {
                name = "UnresolvedReferenceException";
                message = "'" + ((UnresolvedReferenceException) t).getSnippet().source().strip()
                        + "' cannot run until the names it uses are declared";
            }
            lines.add(prefix + name + (message == null ? "" : ": " + message));
            boolean pointed = !prefix.isEmpty(); // the arrow shows the top exception's innermost cell line
            for (StackTraceElement frame : t.getStackTrace()) {
                String cls = frame.getClassName();
                if (cls.startsWith("jdk.jshell.") || cls.startsWith("jdk.internal.reflect.")
                        || cls.startsWith("java.lang.reflect.") || cls.startsWith("convkit.jupyter.")
                        || (cls.equals("java.lang.Thread") && frame.getMethodName().equals("run"))) continue;
                String file = frame.getFileName();
                if (file != null && file.startsWith("#")) { // a snippet: JShell names its file #<id>
                    Origin origin = origins.get(file.substring(1));
                    String method = frame.getMethodName().equals("do_it$") ? "" : frame.getMethodName();
                    String where = origin == null ? "snippet " + file
                            : origin.label + " line " + (origin.firstLine + Math.max(frame.getLineNumber(), 1) - 1);
                    lines.add("\tat " + (cls.isEmpty() ? "" : cls + ".") + method + "(" + where + ")");
                    if (!pointed && origin != null) {
                        String code = origin.source.strip().lines().skip(Math.max(frame.getLineNumber(), 1) - 1).findFirst().orElse("");
                        if (!code.isBlank()) lines.add(1, ARROW + where + ": " + code.strip());
                        pointed = true;
                    }
                } else {
                    lines.add("\tat " + frame);
                }
            }
            prefix = "Caused by: ";
            if (t.getCause() == t) break;
        }
        return lines;
    }

    @Override
    public void close() {
        shell.close();
    }
}
