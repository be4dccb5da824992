package convkit.viz;

import convkit.conv.Explanation;
import convkit.conv.Kernel2d;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the convolution explorer's page holds: for every setting its controls offer (operation,
 * stride, dilation, padding mode or explicit padding), ConvKit's output, the text of every output
 * cell's {@link Kernel2d#explain} and the padding the setting resolves to, or ConvKit's reason for
 * rejecting it. Settings that resolve to the same padding share one computed block.
 */
final class ConvolutionData {
    private ConvolutionData() {}

    static final List<String> OPS = List.of("correlate", "convolve");
    /** valid, same and full are ConvKit's narrow, same and wide; "explicit" uses the P control. */
    static final List<String> MODES = List.of("explicit", "valid", "same", "full");

    static Map<String, Object> of(Tensor x, Tensor kernel) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("x", Explorer.texts(x));
        data.put("kernel", Explorer.texts(kernel));
        data.put("rot", Explorer.texts(Kernel2d.of(kernel).rot180().weights()));
        data.put("strides", Explorer.STRIDES);
        data.put("dilations", Explorer.DILATIONS);
        data.put("paddings", Explorer.PADDINGS);
        data.put("modes", MODES);
        List<Map<String, Object>> blocks = new ArrayList<>();
        Map<String, Integer> blockOf = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String op : OPS)
            for (int s : Explorer.STRIDES)
                for (int d : Explorer.DILATIONS)
                    for (String mode : MODES)
                        for (int p : mode.equals("explicit") ? Explorer.PADDINGS : new int[] {-1}) {
                            String key = op + "/" + s + "/" + d + "/" + mode + "/" + (p < 0 ? "-" : p);
                            settings.put(key, setting(x, kernel, op, s, d, mode, p, blocks, blockOf));
                        }
        data.put("settings", settings);
        data.put("blocks", blocks);
        return data;
    }

    /** The kernel with one setting of the controls, as a student would write it. */
    static Kernel2d kernel(Tensor w, int stride, int dilation, String mode, int p) {
        Kernel2d k = Kernel2d.of(w).stride(stride).dilation(dilation);
        return switch (mode) {
            case "explicit" -> k.padding(p);
            case "valid" -> k.narrow();
            case "same" -> k.same();
            case "full" -> k.wide();
            default -> throw new IllegalArgumentException("mode " + mode + " is not one of " + MODES);
        };
    }

    private static Map<String, Object> setting(Tensor x, Tensor w, String op, int s, int d, String mode, int p,
                                               List<Map<String, Object>> blocks, Map<String, Integer> blockOf) {
        Map<String, Object> st = new LinkedHashMap<>();
        Kernel2d k = kernel(w, s, d, mode, p);
        int padH, padW;
        try {
            padH = k.spec().padH();
            padW = k.spec().padW();
        } catch (ShapeException e) {   // same padding of an even window
            st.put("note", modeNote(mode, w, d, -1, -1));
            st.put("error", e.getMessage());
            return st;
        }
        st.put("note", modeNote(mode, w, d, padH, padW));
        String id = op + "/" + s + "/" + d + "/" + padH + "/" + padW;
        Integer b = blockOf.get(id);
        if (b == null) {
            Map<String, Object> block = block(x, k, op);
            b = blocks.size();
            blocks.add(block);
            blockOf.put(id, b);
        }
        Map<String, Object> block = blocks.get(b);
        if (block.containsKey("error")) st.put("error", block.get("error"));
        else st.put("block", b);
        return st;
    }

    /** Outputs and sums of one resolved setting, or ConvKit's reason it does not fit. */
    private static Map<String, Object> block(Tensor x, Kernel2d k, String op) {
        Map<String, Object> c = new LinkedHashMap<>();
        boolean conv = op.equals("convolve");
        Tensor y;
        try {
            y = conv ? k.convolve(x) : k.correlate(x);
        } catch (ShapeException e) {
            c.put("error", e.getMessage());
            return c;
        }
        List<String> text = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < y.dim(0); i++)
            for (int j = 0; j < y.dim(1); j++) {
                text.add(Numbers.format(y.get(i, j), 4));
                Explanation e = conv ? k.explainConvolve(x, i, j) : k.explain(x, i, j);
                sums.add(e.toString());
            }
        c.put("rows", y.dim(0));
        c.put("cols", y.dim(1));
        c.put("stride", k.spec().strideH());
        c.put("dilation", k.spec().dilationH());
        c.put("padH", k.spec().padH());
        c.put("padW", k.spec().padW());
        c.put("y", text);
        c.put("sums", sums);
        return c;
    }

    /** What padding a mode means for this kernel and dilation, with the formula filled in. */
    static String modeNote(String mode, Tensor w, int d, int padH, int padW) {
        int fh = w.dim(0), fw = w.dim(1);
        String span = "the dilated window covers D(F-1)+1 = " + (fh == fw ? spanText(fh, d) + " inputs"
                : spanText(fh, d) + " rows by " + spanText(fw, d) + " columns");
        String p = padH == padW ? "P = " + padH : "P = " + padH + " rows, " + padW + " columns";
        return switch (mode) {
            case "explicit" -> "explicit padding: " + p + "; " + span;
            case "valid" -> "valid (narrow, 窄): " + p + "; " + span;
            case "same" -> "same (等宽): P = (D(F-1)+1 - 1)/2"
                    + (padH < 0 ? ", which needs an odd window" : " = " + padText(padH, padW)) + "; " + span;
            default -> "full (wide, 宽): P = D(F-1) = " + padText(padH, padW) + "; " + span;
        };
    }

    private static String spanText(int f, int d) {
        return d + "*(" + f + "-1)+1 = " + (d * (f - 1) + 1);
    }

    private static String padText(int padH, int padW) {
        return padH == padW ? String.valueOf(padH) : padH + " rows, " + padW + " columns";
    }

}
