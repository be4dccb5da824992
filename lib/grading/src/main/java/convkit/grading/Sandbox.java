package convkit.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the executor (the JVM that runs student code) is contained, chosen by trying what this
 * machine allows, best first:
 * <ul>
 * <li>{@link Level#ROOT}: as root, {@code unshare} gives it private mount, PID, network, IPC and
 *     UTS namespaces; inside, a new root made of read-only binds of the system folders and the
 *     class path, a fresh {@code /proc}, a minimal {@code /dev}, and a small empty tmpfs as the
 *     writable work folder and {@code /tmp}; then
 *     {@code chroot}, {@code setpriv} to uid/gid 65534 (nobody) with no capabilities and no new
 *     privileges, and {@code prlimit} (processes, file size, open files, no core dumps);</li>
 * <li>{@link Level#USER_NS}: the same without root, in a user namespace where the grading user is
 *     mapped to root; capabilities are dropped but the uid stays the grading user's, and the
 *     process-count limit is left out (it would count the user's own processes);</li>
 * <li>{@link Level#NONE}: a plain child process in the work folder.</li>
 * </ul>
 * The system property {@code convkit.grading.sandbox} (or the environment variable
 * {@code CONVKIT_SANDBOX}) = {@code root}, {@code userns} or {@code none} caps the level, for a
 * platform that contains the grader itself or for tests of the weaker levels.
 */
final class Sandbox {

    enum Level { ROOT, USER_NS, NONE }

    /** One protection and whether it holds in this run. */
    record Protection(String name, boolean on, String detail) {}

    /** Size of the work folder and of /tmp inside the sandbox, each. */
    static final int WORK_MB = 64;

    /** Uid and gid the executor runs as under {@link Level#ROOT}. */
    static final int NOBODY = 65534;

    private static final Map<Level, String> PROBED = new LinkedHashMap<>();

    final Level level;
    /** Why the better levels were not used (empty at ROOT). */
    final String whyNotBetter;

    private Sandbox(Level level, String whyNotBetter) {
        this.level = level;
        this.whyNotBetter = whyNotBetter;
    }

    /** The best level this machine allows (probed once per JVM and level), capped by the property. */
    static Sandbox choose() {
        String cap = System.getProperty("convkit.grading.sandbox", System.getenv().getOrDefault("CONVKIT_SANDBOX", "auto"))
                .toLowerCase(Locale.ROOT);
        StringBuilder why = new StringBuilder();
        List<Level> tries = new ArrayList<>();
        switch (cap) {
            case "none":
                why.append("turned off by convkit.grading.sandbox=none");
                return new Sandbox(Level.NONE, why.toString());
            case "userns":
                why.append("root level skipped (convkit.grading.sandbox=userns); ");
                tries.add(Level.USER_NS);
                break;
            default:
                if (isRoot()) tries.add(Level.ROOT);
                else why.append("not root; ");
                tries.add(Level.USER_NS);
        }
        for (Level l : tries) {
            String problem = probe(l);
            if (problem == null) return new Sandbox(l, why.toString().replaceAll("; $", ""));
            why.append(l == Level.ROOT ? "namespaces as root" : "user namespaces").append(" unavailable (").append(problem).append("); ");
        }
        return new Sandbox(Level.NONE, why.toString().replaceAll("; $", ""));
    }

    /** The next level down, for a run where this one failed for {@code why}. */
    Sandbox weaker(String why) {
        Level next = level == Level.ROOT ? Level.USER_NS : Level.NONE;
        if (next == Level.USER_NS && probe(Level.USER_NS) != null) next = Level.NONE;
        return new Sandbox(next, (whyNotBetter.isEmpty() ? "" : whyNotBetter + "; ") + why);
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Runs the whole set-up with {@code /bin/true} as the program; null when it worked, else the first line of the error. */
    private static synchronized String probe(Level l) {
        if (PROBED.containsKey(l)) return PROBED.get(l);
        String problem;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("convkit-probe-");
            Layout layout = Layout.create(dir);
            List<String> cmd = new Sandbox(l, "").command(layout, List.of(), List.of("/bin/true"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problem = "the set-up did not finish within 20 s";
            } else {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                problem = p.exitValue() == 0 ? null : (out.isEmpty() ? "exit status " + p.exitValue() : out.lines().findFirst().orElse(out));
            }
        } catch (IOException e) {
            problem = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } finally {
            if (dir != null) GradeRun.deleteTree(dir);
        }
        PROBED.put(l, problem);
        return problem;
    }

    /** The folders of one run: the student's class folder, the executor's, and the writable box. */
    record Layout(Path work, Path root, Path box) {
        static Layout create(Path work) throws IOException {
            Path root = Files.createDirectories(work.resolve("root"));
            Path box = Files.createDirectories(work.resolve("box"));
            Files.createDirectories(box.resolve("tmp"));
            return new Layout(work, root, box);
        }
    }

    /**
     * The command that starts {@code program} contained at this level. {@code classpath} entries are
     * made visible read-only at {@code /cp/0}, {@code /cp/1}, ... (see {@link #inside}); the program
     * runs in the box folder, seen as {@code /work}.
     */
    List<String> command(Layout layout, List<Path> classpath, List<String> program) {
        if (level == Level.NONE) return program;
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--net", "--ipc", "--uts",
                "--propagation", "private"));
        if (level == Level.USER_NS) cmd.addAll(1, List.of("--user", "--map-root-user"));
        StringBuilder s = new StringBuilder("set -eu\n");
        String r = q(layout.root().toString());
        s.append("R=").append(r).append('\n');
        s.append("mount -t tmpfs -o mode=755,size=4m convkit-sandbox \"$R\"\ncd \"$R\"\n");
        s.append("for d in usr bin sbin lib lib32 lib64 libx32 etc; do\n"
                + "  if [ -L \"/$d\" ]; then ln -s \"$(readlink \"/$d\")\" \"$d\"\n"
                + "  elif [ -d \"/$d\" ]; then mkdir \"$d\"; mount --bind -o ro \"/$d\" \"$d\"; fi\n"
                + "done\n");
        Path javaHome = realJavaHome();
        if (!javaHome.startsWith("/usr/")) bind(s, javaHome, javaHome.toString());
        for (int i = 0; i < classpath.size(); i++) bind(s, classpath.get(i), inside(i, classpath.get(i)));
        s.append("mkdir proc dev work tmp\n"
                + "mount -t proc -o nosuid,nodev,noexec proc proc\n"
                + "mount -t tmpfs -o mode=755,size=64k convkit-dev dev\n"
                + "for n in null zero random urandom; do touch \"dev/$n\"; mount --bind \"/dev/$n\" \"dev/$n\"; done\n");
        // the work folder and /tmp are small tmpfs of this namespace: fresh and empty, bounded, gone with it
        s.append("mount -t tmpfs -o mode=755,size=").append(WORK_MB).append("m,nosuid,nodev convkit-work work\n");
        s.append("mount -t tmpfs -o mode=1777,size=").append(WORK_MB).append("m,nosuid,nodev convkit-tmp tmp\n");
        if (level == Level.ROOT) s.append("chown ").append(NOBODY).append(':').append(NOBODY).append(" work\n");
        s.append("mount -o remount,ro,bind \"$R\"\n");
        s.append("cd /\n");
        // pid 1 of the namespace stays a root shell (chrooted too): it keeps --kill-child's parent-death
        // signal, which a change of uid would clear, and when it ends every process of the namespace ends.
        s.append("exec chroot \"$R\" /bin/sh -c 'exec 3<&0; \"$@\" 0<&3 3<&- & wait $!' sh /usr/bin/env -C /work /usr/bin/setpriv");
        if (level == Level.ROOT) s.append(" --reuid=").append(NOBODY).append(" --regid=").append(NOBODY).append(" --clear-groups");
        s.append(" --no-new-privs --inh-caps=-all --bounding-set=-all -- /usr/bin/prlimit --core=0 --fsize=").append(256L << 20)
                .append(" --nofile=512");
        if (level == Level.ROOT) s.append(" --nproc=512");
        s.append(" --");
        for (String a : program) s.append(' ').append(q(a));
        s.append('\n');
        cmd.addAll(List.of("sh", "-c", s.toString()));
        return cmd;
    }

    private static void bind(StringBuilder s, Path host, String target) {
        String t = q(target.substring(1)); // relative to the new root
        if (Files.isDirectory(host)) s.append("mkdir -p ").append(t).append('\n');
        else s.append("mkdir -p \"$(dirname ").append(t).append(")\"; touch ").append(t).append('\n');
        s.append("mount --bind -o ro ").append(q(host.toString())).append(' ').append(t).append('\n');
    }

    /** Where class path entry {@code i} is seen inside the sandbox (keeping a jar's name, for the class loader). */
    String inside(int i, Path host) {
        if (level == Level.NONE) return host.toString();
        return Files.isDirectory(host) ? "/cp/" + i : "/cp/" + i + "/" + host.getFileName();
    }

    /** The folder the program sees as its working folder. */
    String workInside(Layout layout) {
        return level == Level.NONE ? layout.box().toString() : "/work";
    }

    static Path realJavaHome() {
        try {
            return Path.of(System.getProperty("java.home")).toRealPath();
        } catch (IOException e) {
            return Path.of(System.getProperty("java.home"));
        }
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** What holds at this level, for the report. */
    List<Protection> protections() {
        boolean ns = level != Level.NONE, root = level == Level.ROOT;
        String off = level == Level.NONE ? "off: " + whyNotBetter : "";
        List<Protection> p = new ArrayList<>();
        p.add(new Protection("scoring apart", true, "student code runs in its own JVM whose class path holds only the student's classes,"
                + " convkit-core and the executor; expected values, points and this report stay in the grader"));
        p.add(new Protection("clean environment", true, "none of the grader's environment variables reach student code"));
        p.add(new Protection("time per call", true, "each call to student code has its own time limit; a stuck call costs only its sub-case"
                + " and the next call gets a fresh JVM"));
        p.add(new Protection("private file system", ns, ns ? "the repository, the solutions and the grader's files are not visible;"
                + " the system folders are read-only; only a fresh, empty work folder and /tmp are writable (" + WORK_MB
                + " MB each, in memory, gone with the sandbox)" : off));
        p.add(new Protection("processes end with grading", ns, ns ? "every process it starts (double-forked and setsid ones too) lives in a"
                + " PID namespace that ends when its grading ends" : off + " (only processes still below the executor are ended)"));
        p.add(new Protection("no network", ns, ns ? "a network namespace without interfaces" : off));
        p.add(new Protection("unprivileged user", root, root ? "uid and gid " + NOBODY + " (nobody), no capabilities, no new privileges"
                : level == Level.USER_NS ? "off: not root, so it keeps the grading user's uid (capabilities dropped)" : off));
        p.add(new Protection("resource limits", root, root ? "at most 512 processes, 256 MB per file, 512 open files, no core dumps"
                : level == Level.USER_NS ? "partly: file size, open files and core dumps limited, but not the number of processes" : off));
        return p;
    }
}
