package convkit.cli;

import convkit.filters.Images;
import convkit.nn.Backend;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import convkit.train.Checkpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convkit predict}: class probabilities of PNG images under a checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify images with a checkpoint and print the class probabilities, most likely first.",
                "Each image is read as gray (0 black .. 1 white), resized to the model's input (e.g. 28x28) when needed,",
                "and normalised as in training. Fashion-MNIST shows light clothes on a black background:",
                "for a dark object on a white background pass --invert."},
        footer = {"", "Example:", "  ./convkit predict --checkpoint lenet5.safetensors shoe.png"})
final class PredictCommand implements Callable<Integer> {

    @Option(names = {"-c", "--checkpoint"}, paramLabel = "FILE", required = true, description = "Checkpoint written by convkit train, or a plain state_dict with --architecture.")
    Path checkpoint;

    @Mixin
    WeightsOptions weights;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG (or JPEG, GIF, BMP) files.")
    List<Path> images;

    @Option(names = "--invert", description = "Use 1 - value for every pixel (dark object on a light background).")
    boolean invert;

    @Spec
    CommandSpec spec;

    @Option(names = "--top", paramLabel = "K", description = "Print only the K most likely classes. Default: all.")
    Integer top;

    @Override
    public Integer call() {
        if (top != null && top < 1) throw new IllegalArgumentException("--top must be at least 1, got " + top);
        Checkpoint ck = weights.load(checkpoint);
        ck.model().use(Backend.standard(1));
        Shape example = ck.model().exampleShape();
        if (example == null || example.rank() != 3 || example.dim(0) != 1) {
            throw new IllegalArgumentException(checkpoint + ": predict needs a model for one-channel images, this one takes " + example);
        }
        int h = example.dim(1), w = example.dim(2);
        int failed = 0;
        java.io.PrintWriter err = spec.commandLine().getErr();
        for (Path file : images) {
            try {
                predict(ck, file, h, w);
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                // one bad image must not cost the others their answer
                System.out.flush();
                err.println("predict: " + file + ": " + e.getMessage());
                err.flush();
                failed++;
            }
        }
        if (failed > 0) err.println("predict: " + failed + " of " + images.size() + " images could not be classified");
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private void predict(Checkpoint ck, Path file, int h, int w) {
        Tensor img = Images.readGray(file);
        String note = "";
        if (img.dim(0) != h || img.dim(1) != w) {
            note = " (resized from " + img.dim(1) + "x" + img.dim(0) + ")";
            img = resize(img, h, w);
        }
        if (invert) img = img.map(v -> 1 - v);
        Tensor x = ck.normalization().apply(img.reshape(1, 1, h, w));
        float[] p = ck.model().predict(x).buffer();
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> -p[i]));
        System.out.println(file + note + ": " + ck.classNames().get(order[0]));
        int k = top == null ? p.length : Math.min(top, p.length);
        for (int r = 0; r < k; r++) {
            int c = order[r];
            System.out.printf(Locale.ROOT, "  %-14s %6.2f%%%n", ck.classNames().get(c), 100 * p[c]);
        }
    }

    /** Bilinear resize of an (H, W) image to (h, w), sampling at pixel centres. */
    static Tensor resize(Tensor img, int h, int w) {
        int sh = img.dim(0), sw = img.dim(1);
        float[] out = new float[h * w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                double y = Math.min(sh - 1, Math.max(0, (i + 0.5) * sh / h - 0.5));
                double x = Math.min(sw - 1, Math.max(0, (j + 0.5) * sw / w - 0.5));
                int y0 = (int) y, x0 = (int) x, y1 = Math.min(sh - 1, y0 + 1), x1 = Math.min(sw - 1, x0 + 1);
                double fy = y - y0, fx = x - x0;
                out[i * w + j] = (float) ((1 - fy) * ((1 - fx) * img.get(y0, x0) + fx * img.get(y0, x1))
                        + fy * ((1 - fx) * img.get(y1, x0) + fx * img.get(y1, x1)));
            }
        return Tensor.of(out, h, w);
    }
}
