package convkit.jupyter;

/**
 * {@code display(...)} for notebook cells, statically imported into every kernel session as in
 * IJava: shows an object as an output of the running cell without ending the cell. Images
 * ({@code java.awt.image.RenderedImage}) become PNGs; anything else is shown as text.
 * <pre>
 *   display(image);                       // a PNG
 *   display("&lt;b&gt;bold&lt;/b&gt;", "text/html"); // a string rendered as HTML
 * </pre>
 */
public final class Display {
    private static volatile JavaKernel kernel;

    private Display() {
    }

    static void attach(JavaKernel k) {
        kernel = k;
    }

    /** Shows the object in its richest form (PNG for images, text otherwise). */
    public static void display(Object value) {
        JavaKernel k = kernel;
        if (k == null) {
            System.out.println(value);
            return;
        }
        k.displayNow(value, new String[0]);
    }

    /** Shows the object as the given MIME types, e.g. {@code "text/html"} or {@code "text/markdown"}. */
    public static void display(Object value, String... mimeTypes) {
        JavaKernel k = kernel;
        if (k == null) {
            System.out.println(value);
            return;
        }
        k.displayNow(value, mimeTypes);
    }
}
