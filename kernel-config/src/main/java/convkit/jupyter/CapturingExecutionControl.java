package convkit.jupyter;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * JShell's local execution engine (user code runs in the kernel's own JVM, on a fresh thread per
 * snippet, and {@link #stop()} works on every JDK), extended so the kernel can read a variable's
 * real object instead of only its {@code toString()}: that is how a {@code BufferedImage} left as
 * the last expression of a cell becomes a PNG.
 */
final class CapturingExecutionControl extends LocalExecutionControl {
    private boolean capturing;
    private Object captured;
    private volatile boolean stopped;
    private volatile boolean pendingStop;
    private volatile boolean timedOut;
    private volatile long timeLimitMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-time-limit");
        t.setDaemon(true);
        return t;
    });

    /** Time limit of one snippet's execution (compiling does not count); 0 for none. */
    void setTimeLimit(long millis) {
        timeLimitMillis = millis;
    }

    /**
     * Stops the running snippet; if the shell is still compiling, the next snippet to start is
     * stopped instead (JShell's own stop only reaches code that is already running).
     */
    void requestStop() {
        pendingStop = true;
        try {
            stop();
        } catch (EngineTerminationException | InternalException e) {
            // no snippet thread yet: pendingStop catches it when it starts
        }
    }

    /** Forgets a stop requested between cells, so it cannot hit the next cell. */
    void clearStop() {
        pendingStop = false;
        stopped = false;
        timedOut = false;
    }

    /** True if the last stop came from the time limit. */
    boolean timedOut() {
        return timedOut;
    }

    /**
     * Returns the object held by a variable of the shell. {@code read} must call
     * {@code JShell.varValue} for that variable, which lands in {@link #varValue}.
     */
    synchronized Object capture(Runnable read) {
        capturing = true;
        captured = null;
        try {
            read.run();
            return captured;
        } finally {
            capturing = false;
            captured = null;
        }
    }

    @Override
    public synchronized String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        if (!capturing) return super.varValue(className, varName);
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            captured = field.get(null);
            return ""; // the kernel renders the object itself; skip a second toString()
        } catch (ReflectiveOperationException e) {
            throw new InternalException("cannot read variable " + varName + " of " + className + ": " + e);
        }
    }

    /** Defines the cell's classes with their exit calls rewritten (see {@link ExitGuard}). */
    @Override
    public void load(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(ExitGuard.rewrite(cbcs));
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(ExitGuard.rewrite(cbcs));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        super.close();
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        // User code may look up classes through the context class loader (ServiceLoader, ImageIO
        // plugins); give it the loader that sees the user's class path.
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        long limit = timeLimitMillis;
        ScheduledFuture<?> alarm = limit > 0 ? timer.schedule(() -> {
            timedOut = true;
            requestStop();
        }, limit, TimeUnit.MILLISECONDS) : null;
        try {
            if (pendingStop) throw new StoppedException();
            return super.invoke(doitMethod);
        } catch (StoppedException e) {
            stopped = true;
            throw e;
        } finally {
            if (alarm != null) alarm.cancel(false);
            pendingStop = false;
            current.setContextClassLoader(before);
        }
    }

    /** True once if a snippet was stopped since the last call (interrupt or time limit). */
    boolean takeStopped() {
        boolean was = stopped;
        stopped = false;
        return was;
    }

    /** Hands JShell this engine and keeps a reference for the kernel. */
    static final class Provider implements ExecutionControlProvider {
        volatile CapturingExecutionControl created;

        @Override
        public String name() {
            return "convkit-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            created = new CapturingExecutionControl();
            return created;
        }
    }
}
