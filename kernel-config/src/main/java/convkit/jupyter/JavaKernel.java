package convkit.jupyter;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderFunction;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.common.Url;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import jdk.jshell.SourceCodeAnalysis;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * ConvKit's Java kernel: Jupyter's protocol from JJava's jjava-jupyter, cells run by JShell in
 * this JVM (see {@link CellRunner}). Values are shown as text/plain, images as image/png;
 * compile errors and exceptions become Jupyter errors, so {@code nbconvert --execute} fails.
 */
public final class JavaKernel extends BaseKernel {
    private final CompletableFuture<CellRunner> runner;
    private final KernelIO io;
    private final CompletableFuture<Void> renderers;
    /** The execute request whose cell runs now, or null between cells. */
    private volatile Message<?> running;
    /** For each display id, the execute request of the cell that showed it (its updates' parent). */
    private final Map<String, Message<?>> displayOwners = new ConcurrentHashMap<>();
    private volatile IOPubChannel iopub;
    private String startupProblems;
    private volatile long outputLimit = KernelOptions.DEFAULT_OUTPUT_LIMIT;
    private volatile Magics magics;
    private final CellHistory history = new CellHistory();

    /** Starts the shell in the background, so the kernel answers Jupyter while JShell warms up. */
    public JavaKernel(KernelOptionsSource options) {
        this(options, new KernelIO(), new KernelRenderer());
    }

    private JavaKernel(KernelOptionsSource options, KernelIO io, KernelRenderer renderer) {
        super("convkit-java", "0.2.0", languageInfo(), List.of(), null, io, new CommManager(), renderer,
                null, null, false, NO_STYLE);
        this.io = io;
        renderer.open(); // JJava's own image renderer is ignored: Renderers draws images
        Url.registerAll(renderer);
        Text.registerAll(renderer);
        // XChart's and Tablesaw's classes load beside JShell's start, not before it: the first cell needs them only to show its value
        this.renderers = CompletableFuture.runAsync(() -> Renderers.register(renderer), r -> daemon(r, "renderers").start());
        this.runner = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                runner.complete(startShell(options.get()));
            } catch (Throwable t) {
                runner.completeExceptionally(t);
            }
        }, "jshell-start");
        starter.setDaemon(true);
        starter.start();
        Display.attach(this);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The renderer, once the library's renderers are registered. */
    private Renderer renderer() {
        renderers.join();
        return renderer;
    }

    /** Tracebacks are coloured by {@link #formatError}, not by the base library's styler. */
    private static final StringStyler NO_STYLE = new StringStyler.Builder().build();

    /**
     * JJava's base kernel registers its own RenderedImage renderer in its constructor; it encodes
     * through an unclosed Base64 stream and can drop the PNG's last bytes. Registrations made
     * before {@link #open} are ignored, so {@link Renderers} alone draws images.
     */
    static final class KernelRenderer extends Renderer {
        private boolean open;

        void open() {
            open = true;
        }

        @Override
        public <T> void register(java.util.Set<MIMEType> supported, java.util.Set<MIMEType> preferred,
                                 java.util.Set<Class<? extends T>> types, RenderFunction<T> function) {
            if (open) super.register(supported, preferred, types, function);
        }
    }

    /**
     * What the notebook stores as metadata.language_info. It names the Java release only (17, not
     * 17.0.15+6-Debian...): a value that changed with each JDK update would mark every shipped
     * notebook as modified the moment it opens, and saving would rewrite the tracked file. Cells
     * are JShell snippets, not .java files: the extension is .jshell. The shipped notebooks store
     * exactly these values (KernelHygieneTest checks it).
     */
    static LanguageInfo languageInfo() {
        return new LanguageInfo("java", String.valueOf(Runtime.version().feature()), "text/x-java-source",
                ".jshell", "java", "java", null);
    }

    /** Options are read inside the start-up thread, so a bad setting is reported in the first cell. */
    @FunctionalInterface
    public interface KernelOptionsSource {
        KernelOptions get();
    }

    private CellRunner startShell(KernelOptions options) throws Exception {
        CellRunner shell = new CellRunner(options);
        StartTimeline.mark("shell built");
        outputLimit = options.outputLimit;
        magics = new Magics(shell, new MavenResolver(options.mavenLocalRepo));
        List<String> problems = new ArrayList<>();
        runStartup(shell, "the kernel's imports", CellRunner.BUILT_IN_STARTUP, problems);
        for (Path script : options.startupScripts)
            runStartup(shell, script.toString(), Files.readString(script), problems);
        if (!options.startupScript.isBlank())
            runStartup(shell, KernelOptions.STARTUP_SCRIPT, options.startupScript, problems);
        startupProblems = problems.isEmpty() ? null : String.join("\n", problems);
        StartTimeline.mark("start-up scripts run");
        if (startupProblems != null) System.err.println(startupProblems);
        return shell;
    }

    private static void runStartup(CellRunner shell, String what, String code, List<String> problems) {
        try {
            shell.run(code, what);
        } catch (Exception e) {
            problems.add("Start-up script " + what + " failed: " + e.getMessage());
        }
    }

    private CellRunner shell() throws Exception {
        try {
            return runner.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) throw (Exception) cause;
            throw new IllegalStateException("the Java shell failed to start: " + cause, cause);
        }
    }

    /** The base library's entry point; the kernel's own execute handler calls {@link #run}. */
    @Override
    public Object evalRaw(String code) {
        try {
            return run(code);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public DisplayData eval(String code) {
        Object value = evalRaw(code);
        return value == null ? null : value instanceof DisplayData ? (DisplayData) value : renderer().render(value);
    }

    /** Runs a cell: magics, then JShell. Returns the rendered last value, or null when there is none. */
    private DisplayData run(String code) throws Exception {
        CellRunner shell = shell();
        if (startupProblems != null) {
            System.err.println(startupProblems); // once, in the first cell, where a notebook user sees it
            startupProblems = null;
        }
        Object value = magics.run(code, "In [" + (executionCount.get() - 1) + "]");
        StartTimeline.mark("cell evaluated");
        System.out.flush();
        System.err.flush();
        if (value == CellRunner.NO_VALUE || value == null) return null;
        return renderer().render(value);
    }

    /**
     * Called by {@link Display}: publishes now, after the text printed so far, as a new output
     * ({@code update} false) or as the new content of the output with this display id. An update
     * from a thread that outlives the cell that showed the output (a trainer still running, a
     * timer) goes straight to the iopub channel under that cell's request as parent: the front
     * end finds the output by its display id even after the cell has ended or while another runs.
     */
    void displayNow(Object value, String[] mimeTypes, String displayId, boolean update) {
        System.out.flush();
        System.err.flush();
        DisplayData data = value == null ? new DisplayData("null")
                : mimeTypes.length == 0 ? renderer().render(value) : renderer().renderAs(value, mimeTypes);
        data.setDisplayId(displayId);
        Message<?> cell = running;
        if (!update) {
            if (cell != null) displayOwners.put(displayId, cell);
            io.display.display(data); // outside any cell there is no output area to add it to: dropped
            return;
        }
        Message<?> owner = displayOwners.get(displayId);
        IOPubChannel channel = iopub;
        if (owner == null || channel == null || (owner == cell && io.display.isAttached()))
            io.display.updateDisplay(data);
        else
            channel.sendMessage(new Message<>(owner, PublishUpdateDisplayData.MESSAGE_TYPE, new PublishUpdateDisplayData(data)));
    }

    /**
     * Runs execute requests as the base library does, except that an error's name, value and
     * traceback describe the user's problem (the exception class thrown by the cell, javac's
     * diagnostics) rather than the kernel's own stack: nbconvert prints exactly these.
     */
    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        iopub = connection.getIOPub();
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::execute);
        connection.setHandler(MessageType.HISTORY_REQUEST, history::handle);
    }

    private synchronized void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        StartTimeline.mark("execute request");
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));

        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        OutputLimit limit = new OutputLimit(outputLimit);
        System.setOut(limit.wrap(io.out));
        System.setErr(limit.wrap(io.err));
        System.setIn(io.in);
        env.defer(() -> {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
        io.attach(env, request.isStdinEnabled());
        running = message;
        env.defer(() -> {
            running = null;
            io.detach(env);
        });
        history.add(count, request.getCode());

        try {
            DisplayData out;
            try {
                out = run(request.getCode());
            } finally {
                System.out.flush();
                System.err.flush();
                String note = limit.note();
                if (note != null) {
                    io.err.print(note);
                    io.err.flush();
                }
            }
            if (out != null) env.publish(new PublishExecuteResult(count, out));
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
            StartTimeline.mark("execute reply");
        } catch (Exception e) {
            String name = errorName(e);
            String value = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof CompilationException) value = value.lines().findFirst().orElse(""); // the rest is in the traceback
            List<String> traceback = formatError(e);
            ErrorReply reply = new ErrorReply(name, value, traceback);
            reply.setExecutionCount(count);
            env.publish(new PublishError(name, value, traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /** The user's exception class (e.g. ShapeException), not JShell's wrapper. */
    static String errorName(Throwable e) {
        if (e instanceof CellException) return ((CellException) e).userSimpleName();
        return e.getClass().getSimpleName();
    }

    /** ANSI red, as IPython colours an exception's name and the failing line: a failed cell stands out. */
    static final String RED = "\u001b[0;31m";
    static final String RESET = "\u001b[0m";

    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof CompilationException) {
            // "error (cell line N): message", then the line and its caret, indented
            for (String line : e.getMessage().lines().collect(Collectors.toList())) {
                int colon = line.indexOf("): ");
                if (line.startsWith("error (") && colon > 0)
                    lines.add(RED + line.substring(0, colon + 2) + RESET + line.substring(colon + 2));
                else if (line.startsWith("    ")) lines.add(RED + line + RESET);
                else lines.add(line);
            }
            return lines;
        }
        if (e instanceof CellException) {
            List<String> traceback = ((CellException) e).traceback();
            for (int i = 0; i < traceback.size(); i++) {
                String line = traceback.get(i);
                if (i == 0) lines.add(RED + line.substring(0, headerNameLength(line)) + RESET + line.substring(headerNameLength(line)));
                else if (line.startsWith(CellRunner.ARROW)) lines.add(RED + line + RESET);
                else lines.add(line);
            }
            return lines;
        }
        lines.add(RED + errorName(e) + RESET + ": " + e.getMessage());
        return lines;
    }

    /** Length of the exception class name at the start of a traceback's first line ("a.b.Name: message"). */
    private static int headerNameLength(String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? line.length() : colon;
    }

    @Override
    public void interrupt() {
        CellRunner shell = runner.getNow(null);
        if (shell != null) shell.stop();
    }

    @Override
    public String isComplete(String code) {
        CellRunner shell = runner.getNow(null);
        if (shell == null) return IS_COMPLETE_MAYBE;
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = shell.analysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                case UNKNOWN:
                    return IS_COMPLETE_BAD;
                case EMPTY:
                    return IS_COMPLETE_YES;
                default:
                    remaining = info.remaining();
            }
        }
        return IS_COMPLETE_YES;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CellRunner shell = runner.getNow(null);
        if (shell == null) return null;
        List<String> magicNames = Magics.complete(code, at);
        if (!magicNames.isEmpty()) {
            int[] range = Magics.completionRange(code, at);
            return new ReplacementOptions(magicNames, range[0], range[1]);
        }
        int[] anchor = new int[1];
        List<String> options = shell.analysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().collect(Collectors.toList());
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        CellRunner shell = runner.getNow(null);
        if (shell == null) return null;
        String text = Inspector.inspect(shell.analysis(), code, at);
        return text == null ? null : new DisplayData(text);
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " - ConvKit kernel (JShell)";
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        CellRunner shell = runner.getNow(null);
        if (shell != null) shell.close();
    }
}
