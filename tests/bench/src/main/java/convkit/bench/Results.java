package convkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** One line of JSON per run, the format run.sh collects and summarize.py reads. */
final class Results {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Results put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    String json() {
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof String ? "\"" + e.getValue() + "\"" : String.valueOf(e.getValue())))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Peak resident memory of this process in MB (VmHWM), or -1 where /proc is missing. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
