package convkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
                .map(e -> "\"" + e.getKey() + "\": " + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(Object v) {
        if (v instanceof String) return "\"" + v + "\"";
        if (v instanceof double[] a) return Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        return String.valueOf(v);
    }

    /**
     * The training figures every system reports: wall seconds of each epoch (the first includes
     * the JIT warm-up for the Java systems), images/s over all epochs, over the first, and over
     * the epochs after the first (absent for a one-epoch run).
     */
    Results training(double[] epochSeconds, int images) {
        double total = Arrays.stream(epochSeconds).sum(), later = total - epochSeconds[0];
        int epochs = epochSeconds.length;
        put("epochs", epochs);
        put("train_seconds", round(total, 3));
        put("epoch_seconds", Arrays.stream(epochSeconds).map(s -> round(s, 3)).toArray());
        put("train_images_per_s", round(epochs * (double) images / total, 1));
        put("first_epoch_images_per_s", round(images / epochSeconds[0], 1));
        if (epochs > 1) put("later_epochs_images_per_s", round((epochs - 1) * (double) images / later, 1));
        return this;
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
