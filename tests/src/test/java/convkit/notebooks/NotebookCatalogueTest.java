package convkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed notebooks without running them: together they cover every example of the
 * lecture (L01-L31, V01-V24), and notebooks/README.md maps each id to the cells that really hold it.
 */
class NotebookCatalogueTest {

    @Test
    void everyLectureExampleIsTaggedInSomeNotebook() {
        var index = NotebookFiles.tagIndex();
        List<String> missing = new ArrayList<>();
        for (String id : NotebookFiles.lectureIds()) if (!index.containsKey(id)) missing.add(id);
        assertTrue(missing.isEmpty(), "no notebook cell is tagged with " + missing);
        for (String tag : index.keySet()) {
            assertTrue(NotebookFiles.lectureIds().contains(tag), "unknown tag " + tag + " on " + index.get(tag));
        }
    }

    @Test
    void readmeTableMatchesTheTags() throws Exception {
        String readme = Files.readString(NotebookFiles.dir().resolve("README.md"), StandardCharsets.UTF_8);
        Pattern row = Pattern.compile("^\\| ([LV]\\d\\d) \\| `([0-9a-z-]+)\\.ipynb` \\| ([0-9, ]+) \\|$", Pattern.MULTILINE);
        Map<String, List<String>> table = new LinkedHashMap<>();
        Matcher m = row.matcher(readme);
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            for (String n : m.group(3).split(",\\s*")) cells.add(m.group(2) + "#" + n.trim());
            assertFalse(table.containsKey(m.group(1)), "README lists " + m.group(1) + " twice");
            table.put(m.group(1), cells);
        }
        assertEquals(NotebookFiles.lectureIds().size(), table.size(), "README rows: " + table.keySet());
        assertEquals(NotebookFiles.tagIndex().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList(),
                table.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList(),
                "README's id -> notebook/cell table must match the cells' tags");
    }

    @Test
    void notebooksAreCommittedWithoutOutputsAndUseTheConvkitKernel() {
        for (String name : NotebookFiles.NAMES) {
            var nb = NotebookFiles.read(NotebookFiles.file(name));
            assertEquals("convkit-java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(), name);
            for (var c : NotebookFiles.cells(nb)) {
                if (!c.type().equals("code")) continue;
                assertEquals(0, c.json().getAsJsonArray("outputs").size(), name + " " + c.id() + " was committed with outputs");
                String src = c.json().get("source").toString();
                assertFalse(src.contains("convkit.jupyter") || src.contains("io.github.spencerpark"),
                        name + " " + c.id() + " uses a kernel's private classes; notebooks must run on any IJava-style kernel");
            }
        }
    }
}
