package convkit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ConvLayerBench} with JMH (fast path at 1 and 2 threads; the reference at 1 thread
 * for LeNet-5's layers only, it takes seconds per call on the wide ones) and prints per layer and
 * pass: time, GFLOP/s, share of the float32 peak, and the speed-up over the reference.
 * Usage: {@code LayerReport [GHZ] [CORES] [LAYERS]} (default 2.1 GHz, the CPU's base clock, 2 cores,
 * all layers; LAYERS is a comma-separated list such as {@code wide1,wide2,wide3}).
 *
 * <p>Peak float32 FLOP/s = cores x GHz x 2 FMA units x 16 lanes (AVX-512) x 2 (an FMA is two FLOPs).
 */
public final class LayerReport {
    public static void main(String[] args) throws Exception {
        double ghz = args.length > 0 ? Double.parseDouble(args[0]) : 2.1;
        int cores = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String[] layers = args.length > 2 ? args[2].split(",") : new String[] {"conv1", "conv2", "wide1", "wide2", "wide3"};
        String[] referenceLayers = java.util.Arrays.stream(layers).filter(l -> l.startsWith("conv")).toArray(String[]::new);
        double peakPerCore = ghz * 2 * 16 * 2;
        String[] jvm = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"};

        List<RunResult> results = new ArrayList<>();
        ChainedOptionsBuilder fast = new OptionsBuilder().include(ConvLayerBench.class.getName())
                .param("layer", layers).param("impl", "fast").param("threads", "1", "2")
                .warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .forks(1).jvmArgsAppend(jvm).addProfiler(GCProfiler.class);
        results.addAll(new Runner(fast.build()).run());
        if (referenceLayers.length > 0) {
            ChainedOptionsBuilder ref = new OptionsBuilder().include(ConvLayerBench.class.getName())
                    .param("layer", referenceLayers).param("impl", "reference").param("threads", "1")
                    .warmupIterations(1).warmupTime(TimeValue.seconds(2)).measurementIterations(3).measurementTime(TimeValue.seconds(2))
                    .forks(1).jvmArgsAppend(jvm);
            results.addAll(new Runner(ref.build()).run());
        }

        Map<String, double[]> ms = new LinkedHashMap<>(); // "conv1 forward fast 2" -> {score, error, alloc bytes/op}
        for (RunResult r : results) {
            var p = r.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String key = p.getParam("layer") + " " + method + " " + p.getParam("impl") + " " + p.getParam("threads");
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            Result<?> gcs = r.getSecondaryResults().get("gc.count");
            ms.put(key, new double[] {primary.getScore(), primary.getScoreError(), alloc == null ? Double.NaN : alloc.getScore(),
                    gcs == null ? Double.NaN : gcs.getScore()});
        }

        System.out.printf(Locale.ROOT, "%nPeak float32: %d cores x %.1f GHz x 2 FMA units x 16 lanes x 2 = %.1f GFLOP/s (%.1f per core)%n",
                cores, ghz, cores * peakPerCore, peakPerCore);
        System.out.println("| layer | pass | path | threads | ms/op (+-99.9%) | GFLOP/s | % of peak (threads' cores) | fast/reference speed | alloc B/op | GCs |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String layer : layers)
            for (String pass : new String[] {"forward", "backward"}) {
                double flops = ConvLayerBench.forwardFlops(layer) * (pass.equals("backward") ? 2 : 1);
                double[] reference = ms.get(layer + " " + pass + " reference 1");
                for (String row : new String[] {"fast 1", "fast 2", "reference 1"}) {
                    double[] m = ms.get(layer + " " + pass + " " + row);
                    if (m == null) continue;
                    int threads = Integer.parseInt(row.split(" ")[1]);
                    double gflops = flops / (m[0] * 1e-3) / 1e9;
                    String ratio = reference == null ? "-" : row.startsWith("fast") ? String.format(Locale.ROOT, "%.0fx", reference[0] / m[0]) : "1x";
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.3f (+-%.3f) | %.1f | %.1f%% | %s | %.0f | %.0f |%n", layer, pass,
                            row.split(" ")[0], threads, m[0], m[1], gflops, 100 * gflops / (threads * peakPerCore), ratio, m[2], m[3]);
                }
            }
    }
}
