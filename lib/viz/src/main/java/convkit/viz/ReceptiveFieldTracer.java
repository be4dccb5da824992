package convkit.viz;

import com.google.gson.Gson;
import convkit.nn.Models;
import convkit.nn.ReceptiveField;
import convkit.nn.Sequential;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receptive-field tracer that needs no kernel: every conv and pool layer of a model drawn as a
 * grid; hover over or click a unit of any layer to see which units of every layer below it, and
 * which input pixels, reach it, with the formula {@code r_k = r_{k-1} + (F_k - 1) * prod(S_1..S_{k-1})}
 * filled in layer by layer. All numbers come from {@link ReceptiveField} and are embedded in the
 * page; the script (receptive-field.js of this package, inlined) only shows them.
 *
 * <pre>{@code
 * display(ReceptiveFieldTracer.of(Models.lenet5(0), image));   // or html() outside the kernel
 * }</pre>
 */
public final class ReceptiveFieldTracer implements HtmlWidget {
    private static final AtomicInteger IDS = new AtomicInteger();
    private final Map<String, Object> data;

    private ReceptiveFieldTracer(Map<String, Object> data) {
        this.data = data;
    }

    /** The tracer of LeNet-5 ({@link Models#lenet5}) without a picture in its input grid. */
    public static ReceptiveFieldTracer lenet5() {
        return of(Models.lenet5(0), null);
    }

    /** The tracer of a model's conv and pool layers (built with {@code Sequential.input}). */
    public static ReceptiveFieldTracer of(Sequential model) {
        return of(model, null);
    }

    /**
     * The tracer with {@code image} (H, W) shaded into the input grid (dark = large), or none when null.
     *
     * @throws IllegalArgumentException when the model has no conv or pool layer, or the image does not fit its input
     */
    public static ReceptiveFieldTracer of(Sequential model, Tensor image) {
        Objects.requireNonNull(model, "ReceptiveFieldTracer.of: the model must not be null; try Models.lenet5(0)");
        ReceptiveField rows = ReceptiveField.of(model, 0), cols = ReceptiveField.of(model, 1);
        if (rows.layers() == 0) throw new IllegalArgumentException("ReceptiveFieldTracer: " + model + " has no conv or pool layer to trace");
        if (rows.units(0) * cols.units(0) > 4096) {
            throw new IllegalArgumentException("ReceptiveFieldTracer: a " + rows.units(0) + "x" + cols.units(0)
                    + " input is too large to draw cell by cell; use at most 64x64");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int k = 0; k <= rows.layers(); k++) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", k == 0 ? "input" : rows.step(k).name());
            l.put("rows", rows.units(k));
            l.put("cols", cols.units(k));
            l.put("settings", k == 0 ? "" : settings(rows.step(k), cols.step(k)));
            l.put("r", new long[] {rows.size(k), cols.size(k)});
            layers.add(l);
        }
        data.put("layers", layers);
        data.put("rows", axis(rows));
        data.put("cols", axis(cols));
        if (image != null) data.put("image", shades(image, rows.units(0), cols.units(0)));
        return new ReceptiveFieldTracer(data);
    }

    private static String settings(ReceptiveField.Step r, ReceptiveField.Step c) {
        String s = r.window() + "x" + c.window() + ", stride " + pair(r.stride(), c.stride()) + ", padding " + pair(r.padding(), c.padding());
        return r.dilation() == 1 && c.dilation() == 1 ? s : s + ", dilation " + pair(r.dilation(), c.dilation());
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }

    /** One axis: per layer k and unit i the formula's box in the input and the units of every layer m < k that reach it (all of them, holes left out). */
    private static Map<String, Object> axis(ReceptiveField rf) {
        Map<String, Object> a = new LinkedHashMap<>();
        List<List<int[]>> box = new ArrayList<>();
        List<List<List<int[]>>> reach = new ArrayList<>();
        for (int k = 0; k <= rf.layers(); k++) {
            List<int[]> boxes = new ArrayList<>();
            List<List<int[]>> units = new ArrayList<>();
            for (int i = 0; i < rf.units(k); i++) {
                ReceptiveField.Span b = rf.box(k, i);
                boxes.add(new int[] {b.first(), b.last()});
                List<int[]> below = new ArrayList<>();
                for (int m = 0; m < k; m++) below.add(rf.positions(m, k, i));
                units.add(below);
            }
            box.add(boxes);
            reach.add(units);
        }
        a.put("box", box);
        a.put("reach", reach);
        a.put("formulas", rf.formulas());
        return a;
    }

    /** Gray levels 0-255 (255 = white) from the image's smallest to its largest value. */
    private static int[][] shades(Tensor image, int h, int w) {
        Tensor m = image.rank() > 2 && image.size() == (long) h * w ? image.reshape(h, w) : image;
        if (m.rank() != 2 || m.dim(0) != h || m.dim(1) != w) {
            throw new ShapeException("ReceptiveFieldTracer: the image must be (" + h + ", " + w + ") like the model's input, got " + image.shape());
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
            lo = Math.min(lo, m.get(i, j));
            hi = Math.max(hi, m.get(i, j));
        }
        int[][] g = new int[h][w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) g[i][j] = hi > lo ? (int) Math.round(255 * (hi - m.get(i, j)) / (hi - lo)) : 255;
        return g;
    }

    /** The widget: one {@code <div>} with its data and script inlined, nothing loaded from elsewhere. */
    @Override
    public String html() {
        // a counter and a random part: outputs of earlier kernel sessions on the same page keep their own ids
        String id = "convkit-rfield-" + IDS.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String json = new Gson().toJson(data).replace("</", "<\\/");
        return "<div class=\"convkit-rfield\" id=\"" + id + "\"></div>\n"
                + "<script type=\"application/json\" id=\"" + id + "-data\">" + json + "</script>\n"
                + "<script>\n" + script() + "\nconvkitReceptiveField(\"" + id + "\");\n</script>";
    }

    static String script() {
        try (InputStream in = ReceptiveFieldTracer.class.getResourceAsStream("receptive-field.js")) {
            if (in == null) throw new IllegalStateException("receptive-field.js is missing from convkit-viz's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ReceptiveFieldTracer (shown as HTML by the ConvKit kernel; html() gives the fragment)";
    }
}
