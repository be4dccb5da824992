package convkit.notebooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The committed notebooks as files: where they are, their cells and the lecture ids their cells are tagged with. */
final class NotebookFiles {
    private NotebookFiles() {}

    /** The notebooks in reading order. */
    static final List<String> NAMES = List.of("00-index", "01-convolution", "02-motives", "03-pooling", "04-networks");

    /** Every id of EXAMPLES.md: L01-L31 and V01-V24. */
    static List<String> lectureIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 31; i++) ids.add(String.format("L%02d", i));
        for (int i = 1; i <= 24; i++) ids.add(String.format("V%02d", i));
        return ids;
    }

    /** The notebooks/ folder, found upwards from the working directory (Maven runs tests in tests/). */
    static Path dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("notebooks");
            if (Files.isRegularFile(candidate.resolve("00-index.ipynb"))) return candidate;
        }
        throw new IllegalStateException("no notebooks/00-index.ipynb above " + Path.of("").toAbsolutePath());
    }

    static Path file(String name) {
        return dir().resolve(name + ".ipynb");
    }

    static JsonObject read(Path notebook) {
        try {
            return JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell: its position counting every cell from 1 (as notebooks/README.md counts), id, type and tags. */
    record Cell(int number, String id, String type, List<String> tags, JsonObject json) {}

    static List<Cell> cells(JsonObject notebook) {
        List<Cell> out = new ArrayList<>();
        int n = 0;
        for (JsonElement e : notebook.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            n++;
            List<String> tags = new ArrayList<>();
            JsonObject meta = c.getAsJsonObject("metadata");
            if (meta != null && meta.has("tags")) for (JsonElement t : meta.getAsJsonArray("tags")) tags.add(t.getAsString());
            out.add(new Cell(n, c.has("id") ? c.get("id").getAsString() : "cell-" + n, c.get("cell_type").getAsString(), tags, c));
        }
        return out;
    }

    /** Lecture id -> the cells tagged with it, over all notebooks, as "notebook#number". */
    static Map<String, List<String>> tagIndex() {
        Map<String, List<String>> index = new LinkedHashMap<>();
        for (String name : NAMES)
            for (Cell c : cells(read(file(name))))
                for (String t : c.tags()) index.computeIfAbsent(t, k -> new ArrayList<>()).add(name + "#" + c.number());
        return index;
    }
}
