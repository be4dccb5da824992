package convkit.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of {@link Tensor#parse} that guard against silent wrong results: nested brackets
 * (a pasted Python or NumPy literal) read as their shape, and numbers that do not fit a float32
 * refused instead of becoming infinity.
 */
final class TensorText {
    private TensorText() {}

    /** The forms {@link Tensor#parse} accepts, for messages. */
    static final String FORMS = "accepted forms: \"1 2\\n3 4\" or \"1 2; 3 4\" (rows by line or ';'),"
            + " \"[[1, 2], [3, 4]]\" (nested brackets, as Python/NumPy print them), \"1/16 1/8\" (fractions)";

    /**
     * Compiled on first use, not when this class loads: {@link #inferMinusOne} (every reshape,
     * so every first convolution) loads this class, and compiling the pattern there cost a first
     * {@code correlate} 2-5 ms in the interpreter.
     */
    private static final class Wrapped {
        static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile(
                "\\s*(?:(?:np|numpy|torch)\\.)?(?:array|tensor)\\((.*\\])\\s*(?:,\\s*\\w+\\s*=\\s*[\\w.]+\\s*)*\\)\\s*", java.util.regex.Pattern.DOTALL);
    }

    /** {@code array([[1, 2], [3, 4]])} or {@code tensor([[1., 2.]], dtype=torch.float64)}, pasted from Python: the brackets inside. */
    static String unwrap(String text) {
        if (text.indexOf('(') < 0) return text; // the common case, a plain table of numbers: no pattern needed
        var m = Wrapped.PATTERN.matcher(text);
        return m.matches() ? m.group(1) : text;
    }

    /** NumPy's -1 in a new shape: the one size that makes {@code n} elements fit; other sizes are checked by {@link Shape#of}. */
    static int[] inferMinusOne(int[] dims, int n, Shape from) {
        java.util.Objects.requireNonNull(dims, "reshape: the new shape must not be null");
        int at = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1 && at < 0) {
                at = i;
            } else if (dims[i] == -1) {
                throw new ShapeException("reshape: only one dimension may be -1 (inferred), got " + java.util.Arrays.toString(dims));
            } else if (dims[i] >= 1) {
                known *= dims[i];
            }
        }
        if (at < 0) return dims;
        if (known > n || n % known != 0) {
            throw new ShapeException("reshape: cannot infer the -1 in " + java.util.Arrays.toString(dims) + ": " + from + " has " + n
                    + " values, which is not a multiple of " + known);
        }
        int[] out = dims.clone();
        out[at] = (int) (n / known);
        return out;
    }

    /** True when the text opens a bracket inside a bracket: it is read by its nesting, not by its lines. */
    static boolean nested(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' && ++depth >= 2) return true;
            if (c == ']') depth = Math.max(0, depth - 1);
        }
        return false;
    }

    /** A float32 from a number or a fraction; NaN, infinity and values outside float32's range are refused. */
    static float number(String token, String where) {
        double v;
        try {
            int slash = token.indexOf('/');
            if (slash > 0) {
                double num = Double.parseDouble(token.substring(0, slash));
                double den = Double.parseDouble(token.substring(slash + 1));
                if (den == 0) {
                    throw new ShapeException("Tensor.parse: \"" + token + "\" " + where + " divides by zero;"
                            + " a fraction needs a non-zero denominator (e.g. 1/16)");
                }
                v = num / den;
            } else {
                v = Double.parseDouble(token);
            }
        } catch (NumberFormatException e) {
            throw new ShapeException("Tensor.parse: \"" + token + "\" " + where
                    + " is not a number (expected e.g. 18, -0.5 or 1/16); " + FORMS);
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new ShapeException("Tensor.parse: \"" + token + "\" " + where + " is "
                    + (Double.isNaN(v) ? "not a number (NaN)" : Double.isInfinite(v) ? "infinite" : "too large for float32")
                    + "; tensors hold finite float32 values, at most about 3.4e38 in size");
        }
        return (float) v;
    }

    /** Parses {@code [[1, 2], [3, 4]]} (any depth) into a tensor of the shape its brackets describe. */
    static Tensor parseNested(String text) {
        String s = text.replace('\u2212', '-');
        int[] pos = {0};
        skipSpace(s, pos);
        if (pos[0] >= s.length() || s.charAt(pos[0]) != '[') {
            throw new ShapeException("Tensor.parse: text with nested brackets must start with '[', got \"" + abbreviate(s) + "\"; " + FORMS);
        }
        Object tree = list(s, pos);
        skipSpace(s, pos);
        if (pos[0] < s.length()) {
            throw new ShapeException("Tensor.parse: unexpected \"" + abbreviate(s.substring(pos[0])) + "\" after the closing ']' at character "
                    + (pos[0] + 1) + "; " + FORMS);
        }
        List<Integer> dims = new ArrayList<>();
        Object node = tree;
        while (node instanceof List<?> l) {
            dims.add(l.size());
            node = l.get(0);
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        List<Float> flat = new ArrayList<>();
        flatten(tree, shape, 0, "", flat);
        float[] d = new float[flat.size()];
        for (int i = 0; i < d.length; i++) d[i] = flat.get(i);
        return Tensor.of(d, shape);
    }

    private static Object list(String s, int[] pos) {
        int open = pos[0]++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSeparators(s, pos);
            if (pos[0] >= s.length()) {
                throw new ShapeException("Tensor.parse: the '[' at character " + (open + 1) + " is never closed; " + FORMS);
            }
            char c = s.charAt(pos[0]);
            if (c == ']') {
                pos[0]++;
                if (items.isEmpty()) throw new ShapeException("Tensor.parse: empty brackets [] at character " + (open + 1) + "; every row needs at least one number");
                return items;
            }
            if (c == '[') {
                items.add(list(s, pos));
            } else {
                int start = pos[0];
                while (pos[0] < s.length() && "[], ;\t\r\n".indexOf(s.charAt(pos[0])) < 0) pos[0]++;
                items.add(number(s.substring(start, pos[0]), "at character " + (start + 1)));
            }
        }
    }

    /** Checks that every list at depth k has shape[k] items of the same kind, and collects the numbers row-major. */
    private static void flatten(Object node, int[] shape, int depth, String path, List<Float> out) {
        if (depth == shape.length) {
            if (node instanceof List<?>) {
                throw new ShapeException("Tensor.parse: element " + path + " is a list, but the first element at that depth is a number;"
                        + " nesting must be regular (shape " + Shape.of(shape) + ")");
            }
            out.add((Float) node);
            return;
        }
        if (!(node instanceof List<?> l)) {
            throw new ShapeException("Tensor.parse: element " + path + " is a number, but the first element at that depth is a list;"
                    + " nesting must be regular (shape " + Shape.of(shape) + ")");
        }
        if (l.size() != shape[depth]) {
            throw new ShapeException("Tensor.parse: " + (path.isEmpty() ? "the outer list" : "row " + path) + " has " + l.size()
                    + " entries but the first one at that depth has " + shape[depth] + "; every row must have the same length");
        }
        for (int i = 0; i < l.size(); i++) flatten(l.get(i), shape, depth + 1, path + "[" + i + "]", out);
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) pos[0]++;
    }

    private static void skipSeparators(String s, int[] pos) {
        while (pos[0] < s.length() && (Character.isWhitespace(s.charAt(pos[0])) || s.charAt(pos[0]) == ',' || s.charAt(pos[0]) == ';')) pos[0]++;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
