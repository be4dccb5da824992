package convkit.jupyter;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's settings, read from the same environment variables IJava reads, so a kernel.json
 * written for IJava configures this kernel too:
 * <ul>
 *   <li>{@code IJAVA_CLASSPATH}: class path entries (or simple globs) for user code</li>
 *   <li>{@code IJAVA_STARTUP_SCRIPTS_PATH}: JShell scripts (or globs) run at start-up</li>
 *   <li>{@code IJAVA_STARTUP_SCRIPT}: a block of Java run after those scripts</li>
 *   <li>{@code IJAVA_COMPILER_OPTS}: extra javac options, space separated</li>
 *   <li>{@code IJAVA_TIMEOUT}: time limit of one top-level statement, e.g. {@code 30000} or
 *       {@code "30 SECONDS"}; below 1 means no limit</li>
 *   <li>{@code CONVKIT_OUTPUT_LIMIT}: bytes one cell may print (stdout and stderr together) before
 *       the rest is dropped, default 1 MB ({@code 1048576}); below 1 means no limit</li>
 *   <li>{@code CONVKIT_MAVEN_LOCAL_REPO}: the local Maven repository {@code %maven} uses, default
 *       {@code ~/.m2/repository}</li>
 * </ul>
 * Paths use '/' and are separated by the platform's path separator, as in IJava.
 */
public final class KernelOptions {
    public static final String CLASSPATH = "IJAVA_CLASSPATH";
    public static final String STARTUP_SCRIPTS_PATH = "IJAVA_STARTUP_SCRIPTS_PATH";
    public static final String STARTUP_SCRIPT = "IJAVA_STARTUP_SCRIPT";
    public static final String COMPILER_OPTS = "IJAVA_COMPILER_OPTS";
    public static final String TIMEOUT = "IJAVA_TIMEOUT";
    public static final String OUTPUT_LIMIT = "CONVKIT_OUTPUT_LIMIT";
    public static final String MAVEN_LOCAL_REPO = "CONVKIT_MAVEN_LOCAL_REPO";
    static final long DEFAULT_OUTPUT_LIMIT = 1 << 20;

    /** Always given to the shell's compiler: the library's fast path uses the Vector API. */
    static final List<String> BUILT_IN_COMPILER_OPTS = List.of("--add-modules", "jdk.incubator.vector");

    final List<String> classPath;
    final List<Path> startupScripts;
    final String startupScript;
    final List<String> compilerOptions;
    /** Time limit of one statement in milliseconds, or 0 for none. */
    final long timeoutMillis;
    /** Bytes one cell may print, or 0 for no limit. */
    final long outputLimit;
    final Path mavenLocalRepo;

    private KernelOptions(List<String> classPath, List<Path> startupScripts, String startupScript,
                          List<String> compilerOptions, long timeoutMillis, long outputLimit, Path mavenLocalRepo) {
        this.classPath = classPath;
        this.startupScripts = startupScripts;
        this.startupScript = startupScript;
        this.compilerOptions = compilerOptions;
        this.timeoutMillis = timeoutMillis;
        this.outputLimit = outputLimit;
        this.mavenLocalRepo = mavenLocalRepo;
    }

    static KernelOptions fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, List.of());
    }

    /** As {@link #fromEnvironment(Map)}; {@code scripts} (from the kernel's command line) run before the variable's. */
    static KernelOptions fromEnvironment(Map<String, String> env, List<Path> scripts) {
        List<String> compilerOptions = new ArrayList<>(BUILT_IN_COMPILER_OPTS);
        String opts = env.getOrDefault(COMPILER_OPTS, "").trim();
        if (!opts.isEmpty()) compilerOptions.addAll(Arrays.asList(opts.split("\\s+")));
        List<String> classPath = new ArrayList<>();
        for (Path p : expandGlobs(CLASSPATH, env.getOrDefault(CLASSPATH, ""), false)) classPath.add(p.toString());
        List<Path> startup = new ArrayList<>(scripts);
        startup.addAll(expandGlobs(STARTUP_SCRIPTS_PATH, env.getOrDefault(STARTUP_SCRIPTS_PATH, ""), true));
        String repo = env.getOrDefault(MAVEN_LOCAL_REPO, "").trim();
        return new KernelOptions(classPath, startup,
                env.getOrDefault(STARTUP_SCRIPT, ""),
                compilerOptions,
                parseTimeout(env.getOrDefault(TIMEOUT, "-1")),
                parseOutputLimit(env.getOrDefault(OUTPUT_LIMIT, String.valueOf(DEFAULT_OUTPUT_LIMIT))),
                repo.isEmpty() ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(repo));
    }

    /**
     * Expands a path-separator list of paths or simple globs ("*.jar", "lib/") into existing paths.
     * A literal path that does not exist is an error naming the variable: a typo in kernel.json
     * should not silently give a kernel without its library.
     */
    static List<Path> expandGlobs(String variable, String value, boolean filesOnly) {
        List<Path> out = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            entry = entry.trim();
            if (entry.isEmpty()) continue;
            try {
                boolean glob = entry.contains("*") || entry.contains("?") || entry.endsWith("/");
                if (!glob) {
                    Path p = Path.of(entry).toAbsolutePath().normalize();
                    if (!p.toFile().exists())
                        throw new IllegalArgumentException(variable + " names '" + entry + "', which does not exist");
                    out.add(p);
                    continue;
                }
                // JJava's glob: '*' and '?' within one path segment; "dir/" means the files in dir
                List<Path> matches;
                try {
                    matches = PathsHandler.resolveGlobs(entry.endsWith("/") ? entry + "*" : entry);
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
                    throw e;
                }
                int before = out.size();
                for (Path p : matches)
                    if (!filesOnly || Files.isRegularFile(p)) out.add(p.toAbsolutePath().normalize());
                if (out.size() == before)
                    throw new IllegalArgumentException(variable + " glob '" + entry + "' matches no file");
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException(variable + " glob '" + entry + "' matches no file ("
                        + e.getFile() + " does not exist)", e);
            } catch (IOException e) {
                throw new UncheckedIOException(variable + " entry '" + entry + "' cannot be read", e);
            }
        }
        return out;
    }

    static long parseOutputLimit(String raw) {
        try {
            return Math.max(0, Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(OUTPUT_LIMIT + " must be a number of bytes (0 for no limit), e.g. 1048576; got '"
                    + raw + "'", e);
        }
    }

    /** Parses IJava's timeout syntax: a number of milliseconds, optionally followed by a TimeUnit name. */
    static long parseTimeout(String raw) {
        String[] parts = raw.trim().split("\\s+");
        try {
            long amount = Long.parseLong(parts[0]);
            if (amount < 1) return 0;
            TimeUnit unit = parts.length > 1 ? TimeUnit.valueOf(parts[1].toUpperCase()) : TimeUnit.MILLISECONDS;
            return unit.toMillis(amount);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TIMEOUT + " must be a number of milliseconds, optionally followed by"
                    + " a time unit such as SECONDS (e.g. \"30 SECONDS\"); got '" + raw + "'", e);
        }
    }
}
