package convkit.grading;

import convkit.grading.sandbox.Executor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running executor (see {@link Executor}) and the grader's end of its channel. Frames are
 * read by a thread of their own, so the grader can watch the clock while student code runs.
 */
final class ExecutorProcess implements AutoCloseable {
    /** Largest response accepted, in bytes. */
    private static final int MAX_FRAME = 300 << 20;
    private static final long POLL_MILLIS = 20;
    private static final java.security.SecureRandom NONCES = new java.security.SecureRandom();

    private final Process process;
    private final DataOutputStream out;
    private final BlockingQueue<Object> frames = new ArrayBlockingQueue<>(4);
    private final BoundedText stderr = new BoundedText(4000);
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final Thread reader, errPump;

    /** What one call came back with: a frame, or the reason there is none. */
    sealed interface Outcome permits Frame, Died, TimedOut {}

    record Frame(DataInputStream body) implements Outcome {}

    record Died(int exitStatus, String stderr, String why) implements Outcome {}

    record TimedOut(long wallMillis) implements Outcome {}

    private ExecutorProcess(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        InputStream in = process.getInputStream();
        reader = new Thread(() -> readFrames(in), "executor-reader");
        reader.setDaemon(true);
        reader.start();
        errPump = new Thread(() -> drain(process.getErrorStream()), "executor-stderr");
        errPump.setDaemon(true);
        errPump.start();
    }

    /** Starts the executor and waits for its hello; returns the failure as a {@link Died} when it does not come. */
    static Object start(List<String> command, java.nio.file.Path dir, String home, Duration startLimit) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // nothing of the grader's environment (tokens, JAVA_TOOL_OPTIONS, ...) reaches student code
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("HOME", home);
        Process p = pb.start();
        ExecutorProcess e = new ExecutorProcess(p);
        Object first = e.poll(startLimit.toMillis());
        if (first instanceof Integer && (Integer) first == Executor.HELLO) return e;
        e.close();
        String why = first == null ? "it did not start within " + startLimit.toSeconds() + " s" : String.valueOf(first);
        return new Died(e.exitStatus(), e.stderr.take().strip(), why);
    }

    private Object poll(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            try {
                Object f = frames.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (f != null) return f;
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return null;
            }
            process.descendants().forEach(seen::add);
            if (System.nanoTime() > end) return null;
        }
    }

    /**
     * Sends one call and waits for its answer, stopping it by {@link GradeRun#overTime}: after
     * {@code limit} of wall-clock time once the executor has used half of it in CPU time, and in
     * any case after three times {@code limit}.
     */
    Outcome call(String className, String method, Class<?>[] types, Object[] args, Duration limit) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeInt(Executor.REQUEST);
        d.writeByte(Executor.CALL);
        long nonce = NONCES.nextLong();
        d.writeLong(nonce);
        convkit.grading.sandbox.Wire.writeString(d, className);
        convkit.grading.sandbox.Wire.writeString(d, method);
        d.writeInt(types.length);
        for (Class<?> t : types) convkit.grading.sandbox.Wire.writeString(d, t.getName());
        d.writeInt(args.length);
        for (Object a : args) convkit.grading.sandbox.Wire.write(d, a);
        d.flush();
        long t0 = System.nanoTime();
        Duration cpu0 = cpu();
        try {
            out.write(buf.toByteArray());
            out.flush();
        } catch (IOException e) {
            return died("its input closed");
        }
        while (true) {
            Object f;
            try {
                f = frames.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                close();
                return new TimedOut((System.nanoTime() - t0) / 1_000_000);
            }
            if (f instanceof byte[]) {
                DataInputStream body = new DataInputStream(new ByteArrayInputStream((byte[]) f));
                if (((byte[]) f).length < 8 || body.readLong() != nonce) return died("a response that the executor did not write came on the channel (forged by student code?)");
                return new Frame(body);
            }
            if (f != null) return died(String.valueOf(f));
            process.descendants().forEach(seen::add);
            long wall = System.nanoTime() - t0;
            if (GradeRun.overTime(wall, cpu().minus(cpu0), limit)) {
                close();
                return new TimedOut(wall / 1_000_000);
            }
        }
    }

    private Died died(String why) {
        close();
        return new Died(exitStatus(), stderr.take().strip(), why);
    }

    private int exitStatus() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** CPU time of the executor and every process below it. */
    private Duration cpu() {
        Duration d = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle h : process.descendants().toList()) d = d.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
        return d;
    }

    /** Ends the executor and every process seen below it. */
    @Override
    public void close() {
        process.descendants().forEach(seen::add);
        process.destroyForcibly();
        for (ProcessHandle h : seen) h.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle h : seen) h.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // what is still there cannot be waited for; it was sent SIGKILL
        }
        try {
            errPump.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hello, then length-prefixed frames; anything else ends the channel with a note of what came instead. */
    private void readFrames(InputStream raw) {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
        try (in) {
            int hello = in.readInt();
            frames.put(hello == Executor.HELLO ? (Object) hello : "it wrote something other than its greeting to the channel");
            if (hello != Executor.HELLO) return;
            while (true) {
                int magic = in.readInt();
                if (magic != Executor.RESPONSE) {
                    byte[] more = new byte[200];
                    int n = Math.max(0, in.read(more));
                    byte[] seen = java.nio.ByteBuffer.allocate(4 + n).putInt(magic).put(more, 0, n).array();
                    frames.put("the channel was corrupted (bytes written straight to the process's standard output?): "
                            + new String(seen, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^\\p{Print}]", "?").strip());
                    return;
                }
                int n = in.readInt();
                if (n < 0 || n > MAX_FRAME) {
                    frames.put("a response of " + n + " bytes was refused");
                    return;
                }
                byte[] b = new byte[n];
                in.readFully(b);
                frames.put(b);
            }
        } catch (IOException e) {
            frames.offer("the JVM ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) stderr.write(buf, 0, n);
        } catch (IOException e) {
            // the executor is gone
        }
    }
}
