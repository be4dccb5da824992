package convkit.grading;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A student's submission made ready to grade: a Java source tree, one .java file or an
 * assignment notebook (.ipynb), compiled against ConvKit into a class folder.
 */
final class Submission {
    private Submission() {}

    /** Compiled classes, or the reason there are none; {@code note} says what was graded. */
    record Compiled(Path classes, String error, String note) {
        boolean ok() {
            return error == null;
        }
    }

    static Compiled compile(AssignmentSpec spec, Path submission, Path work, List<Path> classpath, long timeoutMillis) {
        List<Path> sources;
        String note;
        try {
            if (!Files.exists(submission)) {
                return new Compiled(null, "the submission " + submission + " does not exist", "");
            }
            if (Files.isDirectory(submission)) {
                sources = javaFiles(submission);
                note = "graded the Java source tree " + submission + " (" + sources.size() + " files)";
                if (sources.isEmpty()) {
                    List<Path> notebooks = files(submission, ".ipynb");
                    if (notebooks.size() == 1) return compile(spec, notebooks.get(0), work, classpath, timeoutMillis);
                    return new Compiled(null, "no .java files in " + submission
                            + (notebooks.isEmpty() ? "" : " and " + notebooks.size() + " notebooks (submit one)"), "");
                }
            } else if (submission.toString().toLowerCase(Locale.ROOT).endsWith(".ipynb")) {
                NotebookSource.Extracted x = NotebookSource.toJava(submission, spec.packageName(), spec.simpleClassName());
                Path dir = work.resolve("src").resolve(spec.packageName().replace('.', '/'));
                Files.createDirectories(dir);
                Path file = dir.resolve(spec.simpleClassName() + ".java");
                Files.writeString(file, x.source(), StandardCharsets.UTF_8);
                sources = List.of(file);
                note = "graded the notebook " + submission.getFileName() + ": " + x.gradedCells() + " graded cells, "
                        + x.keptSnippets() + " declarations kept, " + x.droppedSnippets() + " statements/expressions left out";
            } else if (submission.toString().endsWith(".java")) {
                sources = List.of(submission);
                note = "graded the file " + submission;
            } else {
                return new Compiled(null, "cannot grade " + submission + ": expected a folder of .java files, a .java file or an .ipynb notebook", "");
            }
        } catch (IOException e) {
            return new Compiled(null, "could not read the submission: " + e.getMessage(), "");
        }
        Path classes = work.resolve("classes");
        FutureTask<String> task = new FutureTask<>(() -> javac(sources, classes, classpath));
        Thread t = new Thread(task, "javac");
        t.setDaemon(true);
        t.start();
        try {
            String errors = task.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return new Compiled(errors == null ? classes : null, errors, note);
        } catch (TimeoutException e) {
            return new Compiled(null, "compiling took more than " + timeoutMillis / 1000 + " s and was abandoned", note);
        } catch (InterruptedException | ExecutionException e) {
            return new Compiled(null, "the compiler failed: " + e, note);
        }
    }

    /** Compiles; returns null on success or the compiler's errors. */
    private static String javac(List<Path> sources, Path classes, List<Path> classpath) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return "no Java compiler: ConvKit's grader needs a JDK, not only a JRE";
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-proc:none", "-encoding", "UTF-8", "-nowarn", "-g",
                    "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, fm, diags, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
            if (ok) return null;
            List<String> lines = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
                lines.add(file + d.getMessage(Locale.ROOT));
                if (lines.size() == 15) break;
            }
            return "your code does not compile:\n" + String.join("\n", lines) + (out.toString().isBlank() ? "" : "\n" + out);
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        return files(dir, ".java");
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 12)) {
            return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p))
                    .filter(p -> !dir.relativize(p).toString().contains(".ipynb_checkpoints"))
                    .sorted().limit(500).collect(Collectors.toList());
        }
    }
}
