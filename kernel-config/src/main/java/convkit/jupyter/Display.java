package convkit.jupyter;

/**
 * {@code display(...)} and {@code updateDisplay(...)} for notebook cells, statically imported
 * into every kernel session as in IJava. {@code display} shows an object as an output of the
 * running cell without ending the cell and returns the output's display id;
 * {@code updateDisplay} replaces that output in place (Jupyter's update_display_data), e.g. a
 * chart redrawn as training goes on. Images and XChart charts become PNGs, Tablesaw tables and
 * tensors HTML, anything else text.
 * <pre>
 *   String id = display(chart);           // a PNG
 *   updateDisplay(id, chart);             // the same output, redrawn
 *   display("&lt;b&gt;bold&lt;/b&gt;", "text/html"); // a string rendered as HTML
 * </pre>
 * Outside the kernel (plain JShell) both print the object and return an id that updates ignore.
 */
public final class Display {
    private static volatile JavaKernel kernel;

    private Display() {
    }

    static void attach(JavaKernel k) {
        kernel = k;
    }

    /** Shows the object in its richest form; returns the id {@link #updateDisplay} takes. */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows the object as the given MIME types, e.g. {@code "text/html"} or {@code "text/markdown"}. */
    public static String display(Object value, String... mimeTypes) {
        JavaKernel k = kernel;
        String id = java.util.UUID.randomUUID().toString();
        if (k == null) {
            System.out.println(value);
            return id;
        }
        k.displayNow(value, mimeTypes, id, false);
        return id;
    }

    /** Replaces the output {@code display} showed under {@code id} by this object. */
    public static void updateDisplay(String id, Object value) {
        updateDisplay(id, value, new String[0]);
    }

    /** As {@link #updateDisplay(String, Object)}, as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        if (id == null || id.isBlank())
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned; got " + (id == null ? "null" : "''"));
        JavaKernel k = kernel;
        if (k == null) {
            System.out.println(value);
            return;
        }
        k.displayNow(value, mimeTypes, id, true);
    }
}
