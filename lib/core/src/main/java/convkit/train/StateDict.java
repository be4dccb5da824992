package convkit.train;

import convkit.nn.Layer;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's weights as a PyTorch {@code state_dict}: the tensors named {@code <prefix><index>.<param>},
 * where index is the layer's position in the {@link Sequential}, exactly as PyTorch numbers the
 * layers of an {@code nn.Sequential}. ConvKit's layers have PyTorch's layouts (Conv2d weight
 * (out, in, k, k), Dense weight (out, in) as {@code nn.Linear}), so the tensors go across unchanged.
 *
 * <pre>{@code
 * # PyTorch: a bare nn.Sequential(...) gives 0.weight, 0.bias, 3.weight, ...;
 * # a module with self.layers = nn.Sequential(...) gives layers.0.weight, ...
 * save_file(model.state_dict(), "weights.safetensors")
 *
 * // ConvKit: the same architecture, then the weights
 * var net = Models.lenet5(0);
 * StateDict.load(net, Path.of("weights.safetensors"));   // any prefix; F32, or F16/BF16/F64 converted
 * }</pre>
 *
 * A file that does not fit the model fails with every mismatch listed (missing, extra, wrong shape),
 * each in the file's name and in ConvKit's ({@code layers.<index>.<param>}).
 */
public final class StateDict {
    private StateDict() {}

    /** The prefix ConvKit's checkpoints and PyTorch exports use: a module whose {@code self.layers} is the nn.Sequential. */
    public static final String PREFIX = "layers.";

    /** {@code <prefix>.<index>.<param>} at the end of a name; the prefix is empty or ends with a dot. */
    private static final Pattern INDEXED = Pattern.compile("^((?:.*\\.)?)(\\d+)\\.([A-Za-z_][A-Za-z0-9_]*)$");

    /** The model's parameters by name, {@code prefix + index + "." + param}, in layer order (the tensors themselves, not copies). */
    public static Map<String, Tensor> of(Sequential model, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < model.size(); i++) {
            for (Param p : model.get(i).params()) out.put(prefix + i + "." + p.name(), p.value());
        }
        return out;
    }

    /** Writes the model's weights as a plain safetensors state_dict with names {@code layers.<index>.<param>}. */
    public static void save(Sequential model, Path file) {
        Safetensors.write(file, of(model, PREFIX), Map.of("format", "pt"));
    }

    /**
     * Loads a plain safetensors state_dict into {@code model} (whose architecture must match).
     *
     * @return notes for the user (dtype conversions, the prefix found); empty when there is nothing to say
     * @throws CheckpointException listing every tensor that is missing, extra, of the wrong shape or dtype
     */
    public static List<String> load(Sequential model, Path file) {
        return load(model, Safetensors.read(file), file);
    }

    /** {@link #load(Sequential, Path)} for a file already read. */
    public static List<String> load(Sequential model, Safetensors.Contents contents, Path file) {
        Map<String, Safetensors.Entry> tensors = contents.tensors();
        String prefix = prefix(tensors.keySet());
        Map<String, Param> expected = new LinkedHashMap<>();   // the file's name -> parameter
        Map<String, String> convkitName = new HashMap<>();
        Map<String, Layer> layerOf = new HashMap<>();
        for (int i = 0; i < model.size(); i++) {
            for (Param p : model.get(i).params()) {
                String name = prefix + i + "." + p.name();
                expected.put(name, p);
                convkitName.put(name, PREFIX + i + "." + p.name());
                layerOf.put(name, model.get(i));
            }
        }
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            String name = e.getKey();
            int[] want = e.getValue().value().shape().dims();
            String who = alias(name, convkitName.get(name)) + ", " + layerOf.get(name);
            Safetensors.Entry found = tensors.get(name);
            if (found == null) {
                problems.add("missing  " + who + ": expected shape " + Safetensors.Entry.shapeText(want) + ", not in the file");
            } else if (found.values() == null) {
                problems.add("dtype    " + who + ": the file stores " + found.dtype() + "; ConvKit reads F32, F16, BF16 and F64");
            } else if (!Arrays.equals(found.shape(), want)) {
                problems.add("shape    " + who + ": expected " + Safetensors.Entry.shapeText(want) + ", found " + found.shapeText());
            }
        }
        for (var e : tensors.entrySet()) {
            if (expected.containsKey(e.getKey())) continue;
            problems.add("extra    " + e.getKey() + extraWhy(e.getKey(), prefix, model) + " (" + e.getValue().dtype() + " "
                    + e.getValue().shapeText() + ")");
        }
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(file).append(": the weights do not fit the model (").append(problems.size())
                    .append(problems.size() == 1 ? " problem" : " problems").append(").\n");
            for (String p : problems) sb.append("  ").append(p).append('\n');
            sb.append("The model ").append(model).append(" expects these ").append(expected.size()).append(" tensors (name in the file")
                    .append(prefix.equals(PREFIX) ? "" : " = ConvKit's name").append(": shape):\n");
            for (var e : expected.entrySet()) {
                sb.append("  ").append(alias(e.getKey(), convkitName.get(e.getKey()))).append(": ")
                        .append(Safetensors.Entry.shapeText(e.getValue().value().shape().dims())).append('\n');
            }
            sb.append("Names are matched by the layer's index in the Sequential, as PyTorch numbers an nn.Sequential")
                    .append(prefix.isEmpty() ? " (no prefix found in the file)" : " (after the prefix \"" + prefix + "\" found in the file)")
                    .append(". Is it a state_dict for another architecture? Build that one, or pass --architecture.");
            throw new CheckpointException(sb.toString());
        }
        for (var e : expected.entrySet()) {
            float[] src = tensors.get(e.getKey()).values();
            System.arraycopy(src, 0, e.getValue().value().buffer(), 0, src.length);
        }
        return notes(tensors, prefix);
    }

    /**
     * The prefix most names share before {@code <index>.<param>}: "" for a bare nn.Sequential,
     * "layers." for ConvKit's exports, "module.layers." after DistributedDataParallel, and so on.
     */
    static String prefix(Set<String> names) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String n : names) {
            Matcher m = INDEXED.matcher(n);
            if (m.matches()) counts.merge(m.group(1), 1, Integer::sum);
        }
        String best = PREFIX;
        int most = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    private static String alias(String fileName, String convkitName) {
        return fileName.equals(convkitName) ? fileName : fileName + " (ConvKit: " + convkitName + ")";
    }

    /** Why the model has no place for an extra tensor, in ConvKit's terms. */
    private static String extraWhy(String name, String prefix, Sequential model) {
        Matcher m = INDEXED.matcher(name);
        if (!m.matches() || !m.group(1).equals(prefix)) {
            return ": not of the form " + (prefix.isEmpty() ? "" : prefix) + "<layer index>.<weight|bias>";
        }
        long index = m.group(2).length() > 9 ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        String convkit = PREFIX + m.group(2) + "." + m.group(3);
        String at = prefix.equals(PREFIX) ? "" : " (ConvKit: " + convkit + ")";
        if (index >= model.size()) return at + ": the model has " + model.size() + " layers (0.." + (model.size() - 1) + ")";
        Layer l = model.get((int) index);
        if (l.params().isEmpty()) return at + ": layer " + index + " is " + l + ", which has no parameters";
        List<String> has = new ArrayList<>();
        for (Param p : l.params()) has.add(p.name());
        return at + ": layer " + index + " (" + l + ") has only " + String.join(" and ", has);
    }

    private static List<String> notes(Map<String, Safetensors.Entry> tensors, String prefix) {
        Map<String, Integer> converted = new TreeMap<>();
        for (Safetensors.Entry e : tensors.values()) {
            if (!e.dtype().equals("F32")) converted.merge(e.dtype(), 1, Integer::sum);
        }
        List<String> notes = new ArrayList<>();
        for (var c : converted.entrySet()) {
            String how = c.getKey().equals("F64") ? "rounded to float32" : "converted to float32 exactly (no precision is gained)";
            notes.add(String.format(Locale.ROOT, "note: %d tensor%s stored as %s, %s", c.getValue(), c.getValue() == 1 ? "" : "s",
                    c.getKey(), how));
        }
        if (!prefix.equals(PREFIX)) {
            notes.add(prefix.isEmpty() ? "note: names without a prefix (a bare nn.Sequential), matched by layer index"
                    : "note: names with the prefix \"" + prefix + "\", matched by layer index");
        }
        return notes;
    }
}
