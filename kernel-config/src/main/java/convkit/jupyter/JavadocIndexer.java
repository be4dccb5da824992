package convkit.jupyter;

import com.google.gson.GsonBuilder;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import convkit.io.AtomicFiles;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step (run by the kernel's pom): reads the javadoc of the library's sources with javac's
 * parser (no compilation, no class path needed) and writes it to a JSON resource the kernel shows
 * on Shift-Tab (see {@link Javadocs}). Keys: {@code pkg.Class} for a type, {@code Class.member(T1,T2)}
 * for a method or constructor (simple type names, generics erased), {@code Class.field} for a field.
 * <pre>
 *   java convkit.jupyter.JavadocIndexer out.json lib/core/src/main/java lib/viz/src/main/java
 * </pre>
 */
public final class JavadocIndexer {
    private JavadocIndexer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: JavadocIndexer <out.json> <source dir>...");
            System.exit(2);
        }
        Map<String, String> docs = new TreeMap<>();
        for (int i = 1; i < args.length; i++) index(Path.of(args[i]), docs);
        Path out = Path.of(args[0]);
        AtomicFiles.writeString(out, new GsonBuilder().disableHtmlEscaping().create().toJson(docs));
        System.out.println("JavadocIndexer: " + docs.size() + " documented names -> " + out);
    }

    static void index(Path sourceDir, Map<String, String> docs) throws IOException {
        if (!Files.isDirectory(sourceDir)) throw new IllegalArgumentException("no source directory " + sourceDir);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null, units);
            Trees trees = Trees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
                new TreePathScanner<Void, Void>() {
                    private final Deque<String> classes = new ArrayDeque<>();

                    @Override
                    public Void visitClass(ClassTree node, Void unused) {
                        String name = node.getSimpleName().toString();
                        String qualified = (classes.isEmpty() ? (pkg.isEmpty() ? "" : pkg + ".") : classes.peek() + ".") + name;
                        put(docs, qualified, trees.getDocComment(getCurrentPath()));
                        classes.push(qualified);
                        try {
                            return super.visitClass(node, unused);
                        } finally {
                            classes.pop();
                        }
                    }

                    @Override
                    public Void visitMethod(MethodTree node, Void unused) {
                        String owner = simple(classes.peek());
                        String name = node.getName().contentEquals("<init>") ? owner : node.getName().toString();
                        String params = node.getParameters().stream().map(p -> typeKey(p.getType().toString()))
                                .collect(Collectors.joining(","));
                        put(docs, owner + "." + name + "(" + params + ")", trees.getDocComment(getCurrentPath()));
                        return null; // not into the body: local variables have no javadoc
                    }

                    @Override
                    public Void visitVariable(VariableTree node, Void unused) {
                        Tree parent = getCurrentPath().getParentPath().getLeaf();
                        if (parent instanceof ClassTree)
                            put(docs, simple(classes.peek()) + "." + node.getName(), trees.getDocComment(getCurrentPath()));
                        return null;
                    }
                }.scan(unit, null);
            }
        }
    }

    private static void put(Map<String, String> docs, String key, String doc) {
        if (doc != null && !doc.isBlank()) docs.put(key, doc.strip());
    }

    static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** A parameter type as keys spell it: generics and annotations dropped, simple name, varargs as []. */
    static String typeKey(String type) {
        String t = type.replaceAll("@\\S+\\s+", "");
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (char c : t.toCharArray()) {
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (depth == 0) sb.append(c);
        }
        t = sb.toString().replace("...", "[]").replaceAll("\\s+", "");
        String dims = t.replaceAll("^[^\\[]*", "");
        String base = t.substring(0, t.length() - dims.length());
        return simple(base) + dims;
    }
}
