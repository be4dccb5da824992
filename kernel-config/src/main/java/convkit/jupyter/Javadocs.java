package convkit.jupyter;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The library's javadoc, read from the resource {@link JavadocIndexer} wrote at build time, looked
 * up by the signatures JShell gives ({@code Tensor Tensor.parse(String text)}, {@code convkit.tensor.Tensor}).
 */
final class Javadocs {
    static final String RESOURCE = "/convkit/jupyter/javadoc.json";
    private static volatile Map<String, String> docs;

    private Javadocs() {
    }

    static Map<String, String> all() {
        Map<String, String> d = docs;
        if (d != null) return d;
        try (InputStream in = Javadocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                d = Map.of();
            } else {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    d = new Gson().fromJson(r, new TypeToken<Map<String, String>>() { }.getType());
                }
            }
        } catch (java.io.IOException e) {
            d = Map.of();
        }
        docs = d;
        return d;
    }

    /** The javadoc (as plain text) of what a JShell documentation signature names, or null. */
    static String forSignature(String signature) {
        String key = keyOf(signature);
        String doc = key == null ? null : all().get(key);
        return doc == null ? null : plain(doc);
    }

    /** {@code Tensor Tensor.parse(String text)} -> {@code Tensor.parse(String)}; a type name stays as it is. */
    static String keyOf(String signature) {
        String s = signature.strip();
        int open = s.indexOf('(');
        if (open < 0) {
            // a type ("convkit.tensor.Tensor") or a field ("int Shape.rank")
            String last = s.substring(s.lastIndexOf(' ') + 1);
            if (all().containsKey(last)) return last;
            String[] parts = last.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : last;
        }
        int close = s.lastIndexOf(')');
        String head = s.substring(0, open).replaceAll("<[^<>]*>", "").strip();
        String name = head.substring(head.lastIndexOf(' ') + 1);
        String[] parts = name.split("\\.");
        String member = parts[parts.length - 1];
        String owner;
        if (parts.length >= 2 && !Character.isUpperCase(parts[parts.length - 2].charAt(0))) {
            owner = member; // "convkit.tensor.Tensor(...)": a constructor
        } else if (parts.length >= 2) {
            owner = parts[parts.length - 2];
        } else {
            owner = member; // "Tensor(...)": a constructor
        }
        List<String> types = new ArrayList<>();
        for (String param : splitTopLevel(s.substring(open + 1, close < open ? s.length() : close))) {
            String p = param.strip();
            if (p.isEmpty()) continue;
            int space = lastTopLevelSpace(p);
            types.add(JavadocIndexer.typeKey(space < 0 ? p : p.substring(0, space)));
        }
        return owner + "." + member + "(" + String.join(",", types) + ")";
    }

    private static List<String> splitTopLevel(String params) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) {
                out.add(params.substring(start, i));
                start = i + 1;
            }
        }
        out.add(params.substring(start));
        return out;
    }

    private static int lastTopLevelSpace(String p) {
        int depth = 0, last = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ' ' && depth == 0) last = i;
        }
        return last;
    }

    /** Javadoc markup as readable text: inline tags unwrapped, HTML tags dropped, entities decoded. */
    static String plain(String doc) {
        String s = doc.lines().map(l -> l.startsWith(" ") ? l.substring(1) : l).reduce((a, b) -> a + "\n" + b).orElse("");
        s = s.replaceAll("\\{@(?:code|literal|link|linkplain|value)\\s+([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "$1");
        s = s.replaceAll("(?i)<p>\\s*", "\n").replaceAll("(?i)<li>\\s*", "- ").replaceAll("(?i)</?[a-z][a-z0-9]*[^<>]*>", "");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        return s.strip();
    }
}
