package convkit.viz;

import com.google.gson.Gson;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Explorers that need no kernel: HTML + JavaScript widgets for a notebook's output cell (and the
 * exported page). {@link #convolution} slides a kernel over a map, with controls for stride,
 * dilation, padding (explicit P, or valid / same / full), correlation versus convolution, step and
 * play; {@link #pooling} pools a map, max or average, with window, stride and padding. Hover over
 * or click an output cell to see its window outlined in the padded input and how its value was
 * formed, exactly as {@link Kernel2d#explain} or {@link Pool#explain} prints it. Every number is
 * computed here by ConvKit for every setting the controls offer, and embedded in the page; the
 * script (one small file of this package per explorer, inlined) only shows them.
 *
 * <pre>{@code
 * Explorer.convolution(X, W)      // as a cell's last expression, the kernel shows the widget
 * display(Explorer.pooling(X));     // or anywhere in a cell; elsewhere, html() gives the fragment
 * }</pre>
 */
public final class Explorer implements HtmlWidget {
    /** Strides the controls offer (both explorers). */
    public static final int[] STRIDES = {1, 2, 3};
    /** Explicit paddings the convolution explorer offers (besides valid, same and full). */
    public static final int[] PADDINGS = {0, 1, 2};
    /** Dilations the convolution explorer offers. */
    public static final int[] DILATIONS = {1, 2, 3};
    /** Pooling windows (K x K) and paddings the pooling explorer offers. */
    public static final int[] POOL_WINDOWS = {2, 3};
    public static final int[] POOL_PADDINGS = {0, 1};
    /** The largest map and kernel the explorers take (28 x 28, an MNIST digit; 7 x 7). */
    public static final int MAX_VALUES = 28 * 28;
    public static final int MAX_KERNEL_VALUES = 7 * 7;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Map<String, Object> data;
    private final String kind;

    private Explorer(String kind, Map<String, Object> data) {
        this.kind = kind;
        this.data = data;
    }

    /** An explorer of {@code kernel} sliding over the (H, W) map {@code x}. */
    public static Explorer convolution(Tensor x, Tensor kernel) {
        Objects.requireNonNull(x, "Explorer.convolution: x must not be null; pass an (H, W) map");
        Objects.requireNonNull(kernel, "Explorer.convolution: the kernel must not be null; pass a (U, V) matrix");
        requireMap(x, "Explorer.convolution: x");
        if (kernel.rank() != 2) throw new ShapeException("Explorer.convolution: the kernel must be (U, V), got " + kernel.shape());
        if (kernel.size() > MAX_KERNEL_VALUES)
            throw new IllegalArgumentException("Explorer.convolution: a " + kernel.shape() + " kernel has too many terms to read;"
                    + " use at most " + MAX_KERNEL_VALUES + " values (e.g. 7x7)");
        return new Explorer("convolution", ConvolutionData.of(x, kernel));
    }

    /** An explorer of max and average pooling over the (H, W) map {@code x}. */
    public static Explorer pooling(Tensor x) {
        Objects.requireNonNull(x, "Explorer.pooling: x must not be null; pass an (H, W) map");
        requireMap(x, "Explorer.pooling: x");
        return new Explorer("pooling", PoolingData.of(x));
    }

    private static void requireMap(Tensor x, String what) {
        if (x.rank() != 2) throw new ShapeException(what + " must be an (H, W) map, got " + x.shape());
        if (x.size() > MAX_VALUES)
            throw new IllegalArgumentException(what + " " + x.shape() + " is too large to click through; use at most "
                    + MAX_VALUES + " values (e.g. 28x28)");
        if (x.firstNonFinite() >= 0)
            throw new IllegalArgumentException(what + " holds NaN or infinity at flat position " + x.firstNonFinite()
                    + "; the explorer shows finite numbers only");
    }

    /** The precomputed data, as the page embeds it (for tests). */
    Map<String, Object> data() {
        return data;
    }

    /** A matrix as the page prints it: 18, not 18.0 (see {@link Numbers}). */
    static String[][] texts(Tensor m) {
        double[][] v = m.toMatrix();
        String[][] t = new String[v.length][];
        for (int i = 0; i < v.length; i++) {
            t[i] = new String[v[i].length];
            for (int j = 0; j < v[i].length; j++) t[i][j] = Numbers.format(v[i][j], 4);
        }
        return t;
    }

    /** The widget: one {@code <div>} with its data and script inlined, nothing loaded from elsewhere. */
    @Override
    public String html() {
        boolean conv = kind.equals("convolution");
        // unique on a page that holds several notebooks' outputs (JupyterLab), not only within one JVM
        String id = "convkit-" + kind + "-" + IDS.incrementAndGet() + "-" + Long.toString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);
        return "<div class=\"" + (conv ? "convkit-explorer" : "convkit-pool-explorer") + "\" id=\"" + id + "\"></div>\n"
                + "<script type=\"application/octet-stream\" data-encoding=\"gzip+base64\" id=\"" + id + "-data\">"
                + packed() + "</script>\n"
                + "<script>\n" + script(conv ? "explorer.js" : "pool-explorer.js") + "\n"
                + (conv ? "convkitExplorer" : "convkitPoolExplorer") + "(\"" + id + "\");\n</script>";
    }

    /**
     * The data as gzipped JSON in Base64: ConvKit's sum texts repeat a lot (a 28x28 map's
     * convolution explorer holds ~3 MB of them, ~10 times less packed); the page unpacks them with
     * the browser's own DecompressionStream.
     */
    String packed() {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(bytes)) {
            zip.write(new Gson().toJson(data).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Reads back what {@link #packed} wrote (for tests and tools that inspect a page). */
    static String unpack(String base64) {
        try (var zip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64.trim())))) {
            return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the explorer's data is not gzip+base64", e);
        }
    }

    static String script(String file) {
        try (InputStream in = Explorer.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException(file + " is missing from convkit-viz's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Explorer of " + kind + " (shown as HTML by the ConvKit kernel; html() gives the fragment)";
    }
}
