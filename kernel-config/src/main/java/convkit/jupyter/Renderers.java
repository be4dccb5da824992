package convkit.jupyter;

import convkit.tensor.Tensor;
import convkit.viz.HtmlWidget;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;

/**
 * How the kernel shows the objects a notebook makes, as a cell's last expression or through
 * {@code display(...)}: images and XChart charts as PNG, Tablesaw tables as an HTML table (the
 * first {@value #TABLE_ROWS} rows), tensors as aligned text and an HTML grid, explorers and other
 * {@link HtmlWidget}s as their HTML.
 * <p>
 * No SVG for charts: XChart's VectorGraphicsEncoder needs the VectorGraphics2D library, which
 * this kernel does not ship; asking for image/svg+xml gives the PNG only.
 */
final class Renderers {
    /** Rows of a Tablesaw table shown before the rest is summarised. */
    static final int TABLE_ROWS = 20;
    /** Rows or columns of a tensor plane shown in full; longer ones keep their first and last EDGE. */
    static final int TENSOR_FULL = 20;
    static final int TENSOR_EDGE = 6;
    static final int TENSOR_PLANES = 6;

    private Renderers() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((image, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64Png(image));
                    // the text form beside the picture: short, instead of BufferedImage's long toString
                    context.renderIfRequested(MIMEType.TEXT_PLAIN,
                            () -> "image " + image.getWidth() + "x" + image.getHeight());
                });
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64Png(BitmapEncoder.getBufferedImage(chart)));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chart.getClass().getSimpleName() + " "
                            + chart.getWidth() + "x" + chart.getHeight()
                            + (chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " \"" + chart.getTitle() + "\""));
                });
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table, TABLE_ROWS));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(TABLE_ROWS));
                });
        // explorers and the receptive-field tracer carry their own data and script: their HTML is the output
        renderer.createRegistration(HtmlWidget.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((widget, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, widget::html);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> widget.getClass().getSimpleName() + " (HTML)");
                });
        renderer.createRegistration(Tensor.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((tensor, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> tensorHtml(tensor));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, tensor::toString);
                });
    }

    static String base64Png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes))
                throw new IllegalArgumentException("no PNG writer accepts this image (" + image.getClass().getName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The table's name, its first {@code maxRows} rows, and a note of how many more there are. */
    static String tableHtml(Table table, int maxRows) {
        StringBuilder sb = new StringBuilder("<table>");
        if (table.name() != null && !table.name().isEmpty())
            sb.append("<caption>").append(escape(table.name())).append("</caption>");
        sb.append("<thead><tr>");
        for (String name : table.columnNames()) sb.append("<th>").append(escape(name)).append("</th>");
        sb.append("</tr></thead><tbody>");
        int shown = Math.min(maxRows, table.rowCount());
        for (int r = 0; r < shown; r++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) sb.append("<td>").append(escape(c.getString(r))).append("</td>");
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (shown < table.rowCount())
            sb.append(String.format(Locale.ROOT, "<p>%d of %d rows shown (%d more); <code>table.print(n)</code> prints more.</p>",
                    shown, table.rowCount(), table.rowCount() - shown));
        return sb.toString();
    }

    /** Each 2-D plane (the last two axes) as a grid of cells; long axes keep their ends. */
    static String tensorHtml(Tensor t) {
        StringBuilder sb = new StringBuilder("<div><code>Tensor ").append(escape(t.shape().toString())).append("</code>");
        int rank = t.rank();
        int w = rank == 0 ? 1 : t.dim(-1);
        int h = rank >= 2 ? t.dim(-2) : 1;
        float[] d = t.buffer();
        int planes = w * h == 0 ? 0 : d.length / (w * h);
        boolean integral = true;
        for (float v : d) if (v != Math.rint(v) || Math.abs(v) > 1e7) {
            integral = false;
            break;
        }
        int shownPlanes = Math.min(planes, TENSOR_PLANES);
        for (int p = 0; p < shownPlanes; p++) {
            if (rank > 2) sb.append("<div>plane ").append(p).append("</div>");
            sb.append("<table style=\"font-family: monospace\">");
            for (int i = 0; i < h; i++) {
                if (h > TENSOR_FULL && i == TENSOR_EDGE) {
                    sb.append("<tr><td>&#8942;</td></tr>");
                    i = h - TENSOR_EDGE;
                }
                sb.append("<tr>");
                for (int j = 0; j < w; j++) {
                    if (w > TENSOR_FULL && j == TENSOR_EDGE) {
                        sb.append("<td>&#8230;</td>");
                        j = w - TENSOR_EDGE;
                    }
                    float v = d[p * h * w + i * w + j];
                    sb.append("<td style=\"text-align: right\">")
                            .append(integral ? String.valueOf((long) v) : number(v)).append("</td>");
                }
                sb.append("</tr>");
            }
            sb.append("</table>");
        }
        if (shownPlanes < planes) sb.append("<div>... ").append(planes - shownPlanes).append(" more planes</div>");
        return sb.append("</div>").toString();
    }

    /** Four significant digits without trailing zeros: 2.5, 0.0625, 1.235e+04. */
    static String number(float v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) return s;
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
