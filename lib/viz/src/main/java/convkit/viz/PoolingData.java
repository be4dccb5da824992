package convkit.viz;

import convkit.pool.Pool;
import convkit.pool.PoolExplanation;
import convkit.pool.PoolSpec;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pooling explorer's page holds: for every setting its controls offer (max or average,
 * window, stride, padding) ConvKit's pooled output, the text of {@link Pool#explain} for every
 * output cell and, for max pooling, which window position won; or ConvKit's reason for rejecting
 * the setting.
 */
final class PoolingData {
    private PoolingData() {}

    static final List<String> KINDS = List.of("max", "avg");

    static Map<String, Object> of(Tensor x) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("x", Explorer.texts(x));
        data.put("windows", Explorer.POOL_WINDOWS);
        data.put("strides", Explorer.STRIDES);
        data.put("paddings", Explorer.POOL_PADDINGS);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String kind : KINDS)
            for (int k : Explorer.POOL_WINDOWS)
                for (int s : Explorer.STRIDES)
                    for (int p : Explorer.POOL_PADDINGS) settings.put(kind + "/" + k + "/" + s + "/" + p, setting(x, kind, k, s, p));
        data.put("settings", settings);
        return data;
    }

    /** The pooling of one setting of the controls, as a student would write it. */
    static Pool pool(String kind, int window, int stride, int padding) {
        Pool p = kind.equals("max") ? Pool.max(window) : Pool.avg(window);
        return p.stride(stride).padding(padding);
    }

    private static Map<String, Object> setting(Tensor x, String kind, int k, int s, int p) {
        Map<String, Object> c = new LinkedHashMap<>();
        Pool pool;
        Tensor y;
        try {
            pool = pool(kind, k, s, p);
            y = pool.apply(x);
        } catch (ShapeException e) {
            c.put("error", e.getMessage());
            return c;
        }
        List<String> text = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < y.dim(0); i++)
            for (int j = 0; j < y.dim(1); j++) {
                text.add(Numbers.format(y.get(i, j), 4));
                PoolExplanation e = pool.explain(x, i, j);
                sums.add(e.toString());
                winners.add(e.winner());
            }
        c.put("rows", y.dim(0));
        c.put("cols", y.dim(1));
        c.put("window", k);
        c.put("stride", s);
        c.put("pad", p);
        c.put("y", text);
        c.put("sums", sums);
        if (kind.equals("max")) c.put("winners", winners);
        c.put("spec", pool.spec().toString());
        return c;
    }
}
