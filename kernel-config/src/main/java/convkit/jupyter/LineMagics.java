package convkit.jupyter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IJava's class path magics, on lines at the top of a cell (before any Java):
 * <pre>
 *   %jars lib/*.jar other.jar        add jars (paths or simple globs)
 *   %classpath build/classes a.jar   add directories or jars; with no argument, list what was added
 * </pre>
 * Relative paths are resolved from the kernel's working directory (the notebook's folder).
 */
final class LineMagics {
    private static final Pattern MAGIC = Pattern.compile("^\\s*%(\\w+)\\s*(.*)$");
    private static final Pattern ARG = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

    private LineMagics() {
    }

    /** Runs the magic lines at the head of the cell and returns the rest (blank lines kept, so line numbers hold). */
    static String runLeading(String cell, CellRunner runner) {
        List<String> lines = cell.lines().collect(java.util.stream.Collectors.toList());
        int i = 0;
        StringBuilder rest = new StringBuilder();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = MAGIC.matcher(line);
            if (m.matches()) {
                run(m.group(1), arguments(m.group(2)), runner);
                rest.append('\n');
            } else if (line.isBlank() || line.strip().startsWith("//")) {
                rest.append('\n');
            } else {
                break;
            }
        }
        if (i == 0) return cell;
        for (; i < lines.size(); i++) rest.append(lines.get(i)).append('\n');
        return rest.toString();
    }

    private static void run(String name, List<String> args, CellRunner runner) {
        switch (name) {
            case "jars":
                if (args.isEmpty()) throw new IllegalArgumentException("%jars needs at least one jar path or glob, e.g. %jars lib/*.jar");
                for (String arg : args) {
                    for (Path p : KernelOptions.expandGlobs("%jars", arg, true)) {
                        if (!p.toString().endsWith(".jar"))
                            throw new IllegalArgumentException("%jars takes jar files; '" + p + "' is not a .jar (use %classpath for directories)");
                        runner.addToClassPath(p.toString());
                    }
                }
                break;
            case "classpath":
                if (args.isEmpty()) {
                    List<String> entries = runner.userClassPath();
                    System.out.println(entries.isEmpty() ? "(no entries added to the class path)" : String.join(File.pathSeparator + "\n", entries));
                    break;
                }
                for (String arg : args)
                    for (Path p : KernelOptions.expandGlobs("%classpath", arg, false))
                        runner.addToClassPath(p.toString());
                break;
            default:
                throw new IllegalArgumentException("Unknown line magic %" + name + "; this kernel knows %jars and %classpath");
        }
    }

    private static List<String> arguments(String raw) {
        List<String> out = new ArrayList<>();
        Matcher m = ARG.matcher(raw);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return out;
    }
}
