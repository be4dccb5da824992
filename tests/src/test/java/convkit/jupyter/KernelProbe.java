package convkit.jupyter;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Talks to the real kernel through jupyter_client (Debian's Python, as Jupyter itself does): one
 * kernel start, then a list of requests (execute, inspect, complete, history, kernel_info), each
 * answered with the reply and, for execute, every output message. Messages come back as JSON.
 * <pre>
 *   var probe = new KernelProbe().execute("1 + 1").inspect("Tensor.parse(", 10);
 *   List&lt;JsonObject&gt; answers = probe.run(Map.of("JUPYTER_PATH", ...), dir);
 * </pre>
 */
final class KernelProbe {
    /** The driver: reads the requests, writes one result per request. */
    static final String DRIVER = String.join("\n",
            "import json, sys, jupyter_client",
            "requests = json.load(open(sys.argv[1], encoding='utf-8'))",
            "km = jupyter_client.KernelManager(kernel_name='convkit-java')",
            "km.start_kernel()",
            "kc = km.client(); kc.start_channels()",
            "results = []",
            "def reply_to(mid):",
            "    while True:",
            "        m = kc.get_shell_msg(timeout=120)",
            "        if m['parent_header'].get('msg_id') == mid: return m['content']",
            "try:",
            "    kc.wait_for_ready(timeout=120)",
            "    for r in requests:",
            "        kind = r['kind']",
            "        if kind == 'execute':",
            "            outs = []",
            "            keep = ('stream', 'display_data', 'update_display_data', 'execute_result', 'error')",
            "            rep = kc.execute_interactive(r['code'], timeout=240,",
            "                output_hook=lambda m: outs.append({'msg_type': m['msg_type'], 'content': m['content']}) if m['msg_type'] in keep else None)",
            "            results.append({'reply': rep['content'], 'outputs': outs, 'msg_id': rep['parent_header']['msg_id']})",
            "        elif kind == 'inspect':",
            "            results.append({'reply': reply_to(kc.inspect(r['code'], r['pos'], detail_level=0))})",
            "        elif kind == 'complete':",
            "            results.append({'reply': reply_to(kc.complete(r['code'], r['pos']))})",
            "        elif kind == 'history':",
            "            results.append({'reply': reply_to(kc.history(hist_access_type='tail', n=r['n']))})",
            "        elif kind == 'listen':",
            "            import time",
            "            outs, end = [], time.monotonic() + r['seconds']",
            "            while time.monotonic() < end:",
            "                try: m = kc.get_iopub_msg(timeout=max(0.05, end - time.monotonic()))",
            "                except Exception: continue",
            "                outs.append({'msg_type': m['msg_type'], 'content': m['content'], 'parent': m['parent_header'].get('msg_id')})",
            "            results.append({'outputs': outs})",
            "        elif kind == 'kernel_info':",
            "            results.append({'reply': reply_to(kc.kernel_info())})",
            "finally:",
            "    kc.stop_channels()",
            "    km.shutdown_kernel(now=True)",
            "    json.dump(results, open(sys.argv[2], 'w', encoding='utf-8'))",
            "");

    private final List<Map<String, Object>> requests = new ArrayList<>();

    KernelProbe execute(String code) {
        return add(Map.of("kind", "execute", "code", code));
    }

    KernelProbe inspect(String code, int cursor) {
        return add(Map.of("kind", "inspect", "code", code, "pos", cursor));
    }

    KernelProbe complete(String code, int cursor) {
        return add(Map.of("kind", "complete", "code", code, "pos", cursor));
    }

    KernelProbe history(int n) {
        return add(Map.of("kind", "history", "n", n));
    }

    /** Collects every iopub message for this long, e.g. what a thread left running by a cell sends later. */
    KernelProbe listen(double seconds) {
        return add(Map.of("kind", "listen", "seconds", seconds));
    }

    KernelProbe kernelInfo() {
        return add(Map.of("kind", "kernel_info"));
    }

    private KernelProbe add(Map<String, Object> r) {
        requests.add(new LinkedHashMap<>(r));
        return this;
    }

    /** Starts the kernel with these extra environment variables, runs the requests, returns one answer each. */
    List<JsonObject> run(Map<String, String> env, Path dir) {
        try {
            Path driver = dir.resolve("kernel_probe.py");
            Path in = dir.resolve("requests.json");
            Path out = dir.resolve("answers.json");
            Path log = dir.resolve("probe.log");
            Files.writeString(driver, DRIVER, StandardCharsets.UTF_8);
            Files.writeString(in, new Gson().toJson(requests), StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            ProcessBuilder pb = new ProcessBuilder(python(), driver.toString(), in.toString(), out.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> penv = new HashMap<>(env);
            pb.environment().putAll(penv);
            Process p = pb.start();
            if (!p.waitFor(8, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("the kernel probe did not finish in 8 minutes:\n" + Files.readString(log));
            }
            String console = Files.readString(log);
            if (!Files.isRegularFile(out)) throw new AssertionError("the kernel probe wrote no answers (exit " + p.exitValue() + "):\n" + console);
            JsonArray answers = JsonParser.parseString(Files.readString(out, StandardCharsets.UTF_8)).getAsJsonArray();
            if (answers.size() != requests.size())
                throw new AssertionError("the probe answered " + answers.size() + " of " + requests.size() + " requests:\n" + console);
            List<JsonObject> list = new ArrayList<>();
            for (JsonElement e : answers) list.add(e.getAsJsonObject());
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** The outputs of an execute answer with this message type. */
    static List<JsonObject> outputs(JsonObject answer, String type) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : answer.getAsJsonArray("outputs")) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("msg_type").getAsString().equals(type)) out.add(o.getAsJsonObject("content"));
        }
        return out;
    }

    /** Everything an execute answer printed to a stream ("stdout" or "stderr"). */
    static String stream(JsonObject answer, String name) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject c : outputs(answer, "stream")) if (c.get("name").getAsString().equals(name)) sb.append(c.get("text").getAsString());
        return sb.toString();
    }

    static String status(JsonObject answer) {
        return answer.getAsJsonObject("reply").get("status").getAsString();
    }
}
