package convkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import convkit.nn.Models;
import convkit.nn.ReceptiveField;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The receptive-field tracer of notebook 04 in the exported page, as the browser saw it
 * (tests/browser/check-pages.js clicks the bottom-left unit of its deepest layer, hovers over a unit
 * below and leaves): the cells it lights up in every layer, the formula's box it outlines in the
 * input and the formula it prints must be what {@link ReceptiveField} computes for LeNet-5.
 */
final class ReceptiveFieldPage {
    private ReceptiveFieldPage() {}

    static void check(JsonArray reports) {
        JsonObject page = null;
        for (JsonElement e : reports) if (e.getAsJsonObject().get("page").getAsString().equals("04-networks.html")) page = e.getAsJsonObject();
        assertNotNull(page, "no report for 04-networks.html");
        JsonArray tracers = page.getAsJsonArray("tracers");
        assertEquals(1, tracers.size(), "receptive-field tracers on 04-networks.html: " + tracers);
        JsonObject t = tracers.get(0).getAsJsonObject();
        assertTrue(!t.has("error"), t.toString());
        var model = Models.lenet5(0);
        ReceptiveField rows = ReceptiveField.of(model, 0), cols = ReceptiveField.of(model, 1);
        int k = rows.layers(), i = rows.units(k) - 1, j = 0;
        assertEquals(k + 1, t.get("layers").getAsInt(), "layers drawn");
        assertEquals(k + "," + i + "," + j, t.get("unit").getAsString(), "the unit clicked");
        for (int m = 0; m <= k; m++) {
            Set<String> want = new TreeSet<>();
            for (int r : m < k ? rows.positions(m, k, i) : new int[] {i})
                for (int c : m < k ? cols.positions(m, k, j) : new int[] {j}) want.add(r + "," + c);
            same(want, cells(t.getAsJsonArray("lit").get(m).getAsJsonArray()), "cells lit in layer " + m);
        }
        // outlined: the rest of the formula's box, padding included
        Set<String> box = new TreeSet<>();
        ReceptiveField.Span rb = rows.box(k, i), cb = cols.box(k, j), ri = rows.inImage(k, i), ci = cols.inImage(k, j);
        for (int r = rb.first(); r <= rb.last(); r++)
            for (int c = cb.first(); c <= cb.last(); c++)
                if (r < ri.first() || r > ri.last() || c < ci.first() || c > ci.last()) box.add(r + "," + c);
        assertTrue(!box.isEmpty(), "the clicked corner unit's box reaches into the padding: " + rb + " x " + cb);
        same(box, cells(t.getAsJsonArray("box")), "the formula's box outlined outside the field");
        assertEquals(String.join("\n", rows.formulas()), t.get("formula").getAsString(), "the formula filled in");
        String field = t.get("field").getAsString();
        for (String part : List.of("r_" + k + " = " + rows.size(k), "box is rows " + rb + ", columns " + cb,
                "in the image: rows " + ri + ", columns " + ci, "(" + ri.length() * ci.length() + " pixels)"))
            assertTrue(field.contains(part), "the field shown should contain \"" + part + "\": " + field);
        assertEquals((k - 1) + ",0,0", t.get("hovered").getAsString(), "hovering shows the unit under the mouse");
        assertEquals(t.get("unit").getAsString(), t.get("afterHover").getAsString(), "leaving the grid goes back to the clicked unit");
    }

    /** Equal sets, or a failure that names the cells missing and the cells too many (row,column). */
    static void same(Set<String> want, Set<String> shown, String what) {
        Set<String> missing = new TreeSet<>(want), extra = new TreeSet<>(shown);
        missing.removeAll(shown);
        extra.removeAll(want);
        assertTrue(missing.isEmpty() && extra.isEmpty(), what + ": " + want.size() + " expected, " + shown.size()
                + " shown; missing " + missing + ", not expected " + extra);
    }

    static Set<String> cells(JsonArray a) {
        Set<String> s = new TreeSet<>();
        for (JsonElement e : a) s.add(e.getAsJsonArray().get(0).getAsInt() + "," + e.getAsJsonArray().get(1).getAsInt());
        return s;
    }
}
