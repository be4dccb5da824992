package convkit.jupyter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * IJava's magics. Line magics stand on lines at the top of a cell (before any Java); the cell
 * magic {@code %%time} on its first line.
 * <pre>
 *   %maven group:artifact:version   resolve with Maven (and dependencies), add to the class path
 *   %mavenRepo id url               search this repository too (before Maven Central)
 *   %jars lib/*.jar other.jar       add jars (paths or simple globs)
 *   %classpath build/classes a.jar  add directories or jars; with no argument, list what was added
 *   %load file.jsh                  run the Java in a file, as if it were this cell
 *   %lsmagic                        list the magics
 *   %%time                          run the cell, then print its wall and CPU time
 * </pre>
 * Relative paths are resolved from the kernel's working directory (the notebook's folder).
 */
final class Magics {
    static final List<String> LINE = List.of("classpath", "jars", "load", "lsmagic", "maven", "mavenRepo");
    static final List<String> CELL = List.of("time");

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(\\w+)\\s*(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w+)\\s*(.*)$");
    private static final Pattern ARG = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");
    private static final Pattern NAME_BEFORE_CURSOR = Pattern.compile("(?m)^\\s*(%%?\\w*)$");

    private final CellRunner runner;
    private final MavenResolver maven;

    Magics(CellRunner runner, MavenResolver maven) {
        this.runner = runner;
        this.maven = maven;
    }

    /** Runs a cell with its magics: returns what {@link CellRunner#run(String, String)} returns. */
    Object run(String cell, String label) throws Exception {
        List<String> lines = cell.lines().collect(Collectors.toList());
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) first++;
        if (first < lines.size()) {
            Matcher m = CELL_MAGIC.matcher(lines.get(first));
            if (m.matches()) {
                if (!CELL.contains(m.group(1)))
                    throw new IllegalArgumentException("Unknown cell magic %%" + m.group(1) + "; this kernel knows %%time (%lsmagic lists all)");
                // the magic's line stays as a blank line, so line numbers in errors still match the cell
                String rest = "\n".repeat(first + 1) + String.join("\n", lines.subList(first + 1, lines.size()));
                return time(rest, label);
            }
        }
        return runner.run(runLeading(cell, label), label);
    }

    private Object time(String cell, String label) throws Exception {
        com.sun.management.OperatingSystemMXBean os = cpuBean();
        long cpu0 = os == null ? -1 : os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        try {
            return runner.run(runLeading(cell, label), label);
        } finally {
            double wall = (System.nanoTime() - wall0) / 1e9;
            String cpu = os == null || cpu0 < 0 ? "unknown"
                    : seconds((os.getProcessCpuTime() - cpu0) / 1e9) + " (all threads of the kernel)";
            System.out.flush();
            System.out.println("CPU time: " + cpu + ", Wall time: " + seconds(wall));
        }
    }

    private static com.sun.management.OperatingSystemMXBean cpuBean() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? (com.sun.management.OperatingSystemMXBean) os : null;
    }

    static String seconds(double s) {
        if (s < 1e-3) return String.format(Locale.ROOT, "%.0f µs", s * 1e6);
        if (s < 1) return String.format(Locale.ROOT, "%.0f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    /** Runs the magic lines at the head of the cell and returns the rest (blank lines kept, so line numbers hold). */
    String runLeading(String cell, String label) throws Exception {
        List<String> lines = cell.lines().collect(Collectors.toList());
        int i = 0;
        StringBuilder rest = new StringBuilder();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = LINE_MAGIC.matcher(line);
            if (m.matches()) {
                runLine(m.group(1), arguments(m.group(2)), label);
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

    private void runLine(String name, List<String> args, String label) throws Exception {
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
            case "maven":
                if (args.isEmpty()) throw new IllegalArgumentException("%maven needs group:artifact:version, e.g. %maven org.knowm.xchart:xchart:4.0.3");
                for (String coordinates : args) {
                    List<String> addedNow = new ArrayList<>();
                    Set<String> present = new LinkedHashSet<>(runner.userClassPath());
                    for (Path jar : maven.resolve(coordinates)) {
                        if (present.add(jar.toString())) {
                            runner.addToClassPath(jar.toString());
                            addedNow.add(jar.getFileName().toString());
                        }
                    }
                    System.out.println("%maven " + coordinates + ": " + (addedNow.isEmpty() ? "already on the class path"
                            : "added " + String.join(", ", addedNow)));
                }
                break;
            case "mavenRepo":
                if (args.size() != 2) throw new IllegalArgumentException("%mavenRepo takes an id and a URL, e.g. %mavenRepo mine file:///tmp/repo");
                maven.addRepository(args.get(0), args.get(1));
                break;
            case "load":
                if (args.size() != 1) throw new IllegalArgumentException("%load takes one file, e.g. %load helpers.jsh");
                Path file = Path.of(args.get(0)).toAbsolutePath().normalize();
                String code;
                try {
                    code = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("%load cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
                }
                runner.run(code, file.getFileName().toString());
                break;
            case "lsmagic":
                System.out.println("Line magics: " + LINE.stream().map(n -> "%" + n).collect(Collectors.joining(" ")));
                System.out.println("Cell magics: " + CELL.stream().map(n -> "%%" + n).collect(Collectors.joining(" ")));
                break;
            default:
                throw new IllegalArgumentException("Unknown line magic %" + name + "; this kernel knows "
                        + LINE.stream().map(n -> "%" + n).collect(Collectors.joining(", ")));
        }
    }

    private static List<String> arguments(String raw) {
        List<String> out = new ArrayList<>();
        Matcher m = ARG.matcher(raw);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return out;
    }

    /** Magic names completing what is typed before the cursor ({@code %ma} gives %maven, %mavenRepo), or null. */
    static int[] completionRange(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        if (at == 0) lineStart = 0;
        Matcher m = NAME_BEFORE_CURSOR.matcher(code.substring(lineStart, at));
        if (!m.find()) return null;
        return new int[]{lineStart + m.start(1), at};
    }

    static List<String> complete(String code, int at) {
        int[] range = completionRange(code, at);
        if (range == null) return List.of();
        String typed = code.substring(range[0], range[1]);
        List<String> out = new ArrayList<>();
        if (!typed.startsWith("%%"))
            for (String n : LINE) if (("%" + n).startsWith(typed)) out.add("%" + n);
        for (String n : CELL) if (("%%" + n).startsWith(typed)) out.add("%%" + n);
        return out;
    }
}
