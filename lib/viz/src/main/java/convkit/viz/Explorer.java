package convkit.viz;

import com.google.gson.Gson;
import convkit.conv.Explanation;
import convkit.conv.Kernel2d;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sliding-window explorer that needs no kernel: an HTML + JavaScript widget for a notebook's
 * output cell (and the exported page) with controls for stride, padding and correlation versus
 * convolution; click an output cell (or step through them) to see its window outlined in the
 * padded input and its multiply-add sum exactly as {@link Kernel2d#explain} prints it. Every
 * number is computed here by ConvKit for every setting the controls offer, and embedded in the
 * page; the script (one small file of this package, inlined) only shows them.
 *
 * <pre>{@code
 * display(Explorer.convolution(X, W).html(), "text/html");
 * }</pre>
 */
public final class Explorer {
    /** Strides and paddings the controls offer. */
    public static final int[] STRIDES = {1, 2, 3};
    public static final int[] PADDINGS = {0, 1, 2};
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Map<String, Object> data;

    private Explorer(Map<String, Object> data) {
        this.data = data;
    }

    /** An explorer of {@code kernel} sliding over the (H, W) map {@code x}. */
    public static Explorer convolution(Tensor x, Tensor kernel) {
        if (x.rank() != 2) throw new ShapeException("Explorer.convolution: x must be an (H, W) map, got " + x.shape());
        if (kernel.rank() != 2) throw new ShapeException("Explorer.convolution: the kernel must be (U, V), got " + kernel.shape());
        if (x.size() > 400) throw new IllegalArgumentException("Explorer.convolution: " + x.shape() + " is too large to click through; use at most 400 values (e.g. 20x20)");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("x", texts(x));
        data.put("kernel", texts(kernel));
        Map<String, Object> configs = new LinkedHashMap<>();
        for (String op : List.of("correlate", "convolve"))
            for (int s : STRIDES)
                for (int p : PADDINGS) configs.put(op + "/" + s + "/" + p, config(x, Kernel2d.of(kernel).stride(s).padding(p), op, s, p));
        data.put("configs", configs);
        return new Explorer(data);
    }

    /** One setting: the output, and per output cell its window's top-left (padded coordinates) and its sum; or why it does not fit. */
    private static Map<String, Object> config(Tensor x, Kernel2d k, String op, int stride, int pad) {
        Map<String, Object> c = new LinkedHashMap<>();
        Tensor y;
        try {
            y = op.equals("convolve") ? k.convolve(x) : k.correlate(x);
        } catch (ShapeException e) {
            c.put("error", e.getMessage());
            return c;
        }
        List<String> text = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < y.dim(0); i++)
            for (int j = 0; j < y.dim(1); j++) {
                text.add(Numbers.format(y.get(i, j), 4));
                Explanation e = op.equals("convolve") ? k.explainConvolve(x, i, j) : k.explain(x, i, j);
                sums.add(e.toString());
            }
        c.put("rows", y.dim(0));
        c.put("cols", y.dim(1));
        c.put("y", text);
        c.put("sums", sums);
        c.put("stride", stride);
        c.put("pad", pad);
        c.put("used", texts((op.equals("convolve") ? k.rot180() : k).weights()));
        return c;
    }

    /** A matrix as the page prints it: 18, not 18.0 (see {@link Numbers}). */
    private static String[][] texts(Tensor m) {
        double[][] v = m.toMatrix();
        String[][] t = new String[v.length][];
        for (int i = 0; i < v.length; i++) {
            t[i] = new String[v[i].length];
            for (int j = 0; j < v[i].length; j++) t[i][j] = Numbers.format(v[i][j], 4);
        }
        return t;
    }

    /** The widget: one {@code <div>} with its data and script inlined, nothing loaded from elsewhere. */
    public String html() {
        String id = "convkit-explorer-" + IDS.incrementAndGet();
        String json = new Gson().toJson(data).replace("</", "<\\/");
        return "<div class=\"convkit-explorer\" id=\"" + id + "\"></div>\n"
                + "<script type=\"application/json\" id=\"" + id + "-data\">" + json + "</script>\n"
                + "<script>\n" + script() + "\nconvkitExplorer(\"" + id + "\");\n</script>";
    }

    static String script() {
        try (InputStream in = Explorer.class.getResourceAsStream("explorer.js")) {
            if (in == null) throw new IllegalStateException("explorer.js is missing from convkit-viz's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Explorer (call html() and display it as text/html)";
    }
}
