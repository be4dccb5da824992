package convkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import convkit.lecture.Lecture;
import convkit.tensor.Tensor;
import convkit.viz.Explorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Several explorers on one offline page, driven in headless Chromium by tests/browser/check-pages.js
 * (explorers-check.js) and judged against ConvKit (see {@link ExplorerReadings}): the lecture's L09
 * image and kernel, a random map with a 2x3 kernel (padding differs per axis), and two pooling
 * explorers. The same checks run on the exported notebook pages in {@link NotebooksRunTest}.
 */
class ExplorersInBrowserTest {
    static final Path DIR = Path.of("target", "explorer-page").toAbsolutePath();

    static Tensor random(Random rnd, int h, int w) {
        Tensor t = Tensor.zeros(h, w);
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) t.set(rnd.nextInt(21) - 10, i, j);
        return t;
    }

    @Test
    void severalExplorersOnOnePageRespondWithConvKitsNumbers() throws IOException {
        Random rnd = new Random(2026);
        Tensor x9 = Lecture.example("L09").tensor("X"), w9 = Lecture.example("L09").tensor("W");
        Tensor x7 = random(rnd, 7, 7), w23 = random(rnd, 2, 3);
        Tensor p = Lecture.example("L20").tensor("X"), x68 = random(rnd, 6, 8);
        String body = String.join("\n<hr>\n", Explorer.convolution(x9, w9).html(), Explorer.pooling(p).html(),
                Explorer.convolution(x7, w23).html(), Explorer.pooling(x68).html());
        ExportedHtml.deleteTree(DIR);
        Files.createDirectories(DIR);
        Path tmp = DIR.resolve(".explorers.html.tmp");
        Files.writeString(tmp, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>explorers</title></head><body>\n"
                + body + "\n</body></html>\n", StandardCharsets.UTF_8);
        Files.move(tmp, DIR.resolve("explorers.html"), StandardCopyOption.ATOMIC_MOVE);
        JsonArray reports = ExportedHtml.browserReports(DIR);
        assertEquals(1, reports.size(), reports.toString());
        JsonObject page = reports.get(0).getAsJsonObject();
        assertEquals(0, page.getAsJsonArray("errors").size(), "script errors: " + page.get("errors"));
        assertEquals(0, page.getAsJsonArray("outside").size(), "requests leaving the folder: " + page.get("outside"));
        JsonArray conv = page.getAsJsonArray("explorers"), pool = page.getAsJsonArray("poolExplorers");
        assertEquals(2, conv.size(), conv.toString());
        assertEquals(2, pool.size(), pool.toString());
        ExplorerReadings.convolution(conv.get(0).getAsJsonObject(), x9, w9);
        ExplorerReadings.convolution(conv.get(1).getAsJsonObject(), x7, w23);
        ExplorerReadings.pooling(pool.get(0).getAsJsonObject(), p);
        ExplorerReadings.pooling(pool.get(1).getAsJsonObject(), x68);
    }
}
