package convkit.viz;

/**
 * A self-contained interactive page fragment (an explorer, the receptive-field tracer): its HTML
 * carries its data, script and style, so it needs no running kernel and keeps working in exported
 * HTML. The ConvKit kernel shows such an object as HTML when it is a cell's last expression.
 */
public interface HtmlWidget {
    /** The widget as one HTML fragment: no request leaves it, and several may share a page. */
    String html();
}
