package convkit.assignments;

import static convkit.grading.TeachingAssert.assertNumber;
import static convkit.grading.TeachingAssert.assertVector;

import convkit.data.Dataset;
import convkit.data.Synthetic;
import convkit.grading.Feedback;
import convkit.grading.GradingExtension;
import convkit.grading.Mistake;
import convkit.grading.Points;
import convkit.grading.StudentCode;
import convkit.grading.StudentCode.StudentMethod;
import convkit.grading.SubCases;
import convkit.grading.Visibility;
import convkit.nn.AvgPool2d;
import convkit.nn.Conv2d;
import convkit.nn.Dense;
import convkit.nn.Layer;
import convkit.nn.LayerConfig;
import convkit.nn.MaxPool2d;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * Grader of assignment 4: build and train a small CNN on the synthetic bars set
 * ({@code assignment4.SmallCnn}): 16x16 gray images of a horizontal, vertical, diagonal or
 * anti-diagonal bar. The trained network must reach 90% accuracy on images it never saw, with
 * training done within {@link #TRAIN_BUDGET_SECONDS} seconds.
 */
@ExtendWith(GradingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class TrainingGrader {
    static final StudentCode CODE = StudentCode.of("assignment4.SmallCnn");
    static final StudentMethod BUILD = CODE.method("build", long.class);
    static final StudentMethod STEP = CODE.method("sgdStep", Sequential.class, Tensor.class, int[].class, double.class);
    static final StudentMethod ACCURACY = CODE.method("accuracy", Sequential.class, Dataset.class);
    static final StudentMethod TRAIN = CODE.method("train", Dataset.class, long.class);

    /** The stated time budget of {@code train}, in seconds of wall-clock time, measured by the grader around the call. */
    static final double TRAIN_BUDGET_SECONDS = 30;
    static final int SIZE = 16;

    static final Dataset TRAIN_SET = Synthetic.bars(800, SIZE, 1);
    static final Dataset TEST_SET = Synthetic.bars(400, SIZE, 2);
    static final Dataset SECOND_TEST_SET = Synthetic.bars(400, SIZE, 3);

    /** The student's trained model and the seconds its training took (in the executor, timed here). */
    record Trained(Sequential model, double seconds) {}

    /** Trained once per graded submission; both tests that look at it get the same model (or the same failure). */
    private static Trained trained() throws Throwable {
        return StudentCode.once("trained", () -> {
            long t0 = System.nanoTime();
            Sequential m = TRAIN.call(TRAIN_SET, 7L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (m == null) throw new AssertionFailedError("train returned null: return the trained model.");
            return new Trained(m, seconds);
        });
    }

    /** The grader's own small network: the same seed gives the same weights. */
    static Sequential graderModel(long seed) {
        return Sequential.input(1, SIZE, SIZE).conv2d(4, 3).relu().maxPool(2).flatten().dense(4).build(seed);
    }

    /** Fraction of images whose highest score is the true class. */
    static double accuracyOf(Sequential model, Dataset data) {
        Tensor scores = model.predict(data.images());
        int k = scores.dim(1), correct = 0;
        for (int n = 0; n < data.size(); n++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (scores.get(n, j) > scores.get(n, best)) best = j;
            if (best == data.labels()[n]) correct++;
        }
        return correct / (double) data.size();
    }

    /** One step of the grader's own SGD: clear, forward, loss, backward, w -= lr * dw. */
    static double referenceStep(Sequential model, Tensor x, int[] y, double lr) {
        model.zeroGrad();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        double l = loss.forward(model.forward(x), y);
        model.backward(loss.backward());
        for (Param p : model.params()) p.value().addi(p.grad().scale(-lr));
        return l;
    }

    static double[] flatParams(Sequential m, boolean grads) {
        List<Param> ps = m.params();
        int n = 0;
        for (Param p : ps) n += p.size();
        double[] out = new double[n];
        int k = 0;
        for (Param p : ps) for (float v : (grads ? p.grad() : p.value()).buffer()) out[k++] = v;
        return out;
    }

    private static String pct(double a) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * a);
    }

    // ------------------------------------------------------------------ tests

    @Test @Order(1) @Points(3)
    @DisplayName("build: a small CNN, conv -> pool -> dense, for (1, 16, 16) images and 4 classes (lecture §6.4)")
    void architecture(SubCases cases) throws Throwable {
        Sequential m = BUILD.call(5L);
        if (m == null) throw new AssertionFailedError("build returned null: return the Sequential model.");
        cases.check("maps a batch (2, 1, 16, 16) to scores (2, 4)", () -> {
            Shape out = m.outputShape(Shape.of(2, 1, SIZE, SIZE));
            if (!out.equals(Shape.of(2, 4))) {
                throw new AssertionFailedError("your network turns (2, 1, 16, 16) into " + out + ", expected (2, 4): one score per class."
                        + " End with flatten() and dense(4).");
            }
        });
        cases.check("has a conv layer, then a pooling layer, then a dense layer", () -> {
            List<Layer> layers = m.layers();
            int conv = -1, pool = -1, dense = -1;
            for (int i = 0; i < layers.size(); i++) {
                String type = layers.get(i).config().map(LayerConfig::type).orElse("");   // the layer says what it is
                if (type.equals("Conv2d") && conv < 0) conv = i;
                if ((type.equals("MaxPool2d") || type.equals("AvgPool2d")) && conv >= 0 && pool < 0) pool = i;
                if (type.equals("Dense") && pool >= 0) dense = i;
            }
            if (conv < 0 || pool < 0 || dense < 0) {
                throw new AssertionFailedError("the lecture's CNN is conv (features) -> pooling (downsample) -> fully connected (classify);"
                        + " your layers are " + layers + (conv < 0 ? ": no Conv2d" : pool < 0 ? ": no pooling after the conv layer" : ": no Dense after the pooling"));
            }
        });
        cases.check("is small: at most 50,000 parameters", () -> {
            long n = m.parameterCount();
            if (n > 50_000) throw new AssertionFailedError("your network has " + n + " parameters; keep it under 50,000 (a few filters suffice for bars).");
        });
    }

    @Test @Order(2) @Points(3)
    @DisplayName("accuracy: the fraction of images whose highest score is the true class")
    void accuracy(SubCases cases) {
        for (long seed : new long[] {1, 2}) {
            cases.check("untrained network, seed " + seed + ", 400 images", () -> {
                Sequential m = graderModel(seed);
                if (seed == 2) for (int i = 0; i < 20; i++) referenceStep(m, TRAIN_SET.first(64).images(), TRAIN_SET.first(64).labels(), 0.1);
                double expected = accuracyOf(m, TEST_SET);
                double got = ACCURACY.call(m, TEST_SET);
                String hint = "accuracy = (number of images with argmax_k score[n][k] == label[n]) / N.";
                if (Math.abs(got - expected * TEST_SET.size()) < 1e-9) hint += " You returned the count; divide by N.";
                else if (Math.abs(got - (1 - expected)) < 1e-9) hint += " You returned the error rate (wrong / N).";
                assertNumber("accuracy(model, 400 test images)", expected, got, hint);
            });
        }
    }

    @Test @Order(3) @Points(4)
    @DisplayName("one SGD step: loss, backward, w <- w - lr * dL/dw, gradients cleared")
    void sgdStep(SubCases cases) {
        Dataset batch = TRAIN_SET.first(32);
        double lr = 0.1;
        cases.check("returns the batch's mean cross-entropy loss", () -> {
            Sequential mine = graderModel(11), ref = graderModel(11);
            double expected = referenceStep(ref, batch.images(), batch.labels(), lr);
            double got = STEP.call(mine, batch.images(), batch.labels(), lr);
            assertNumber("loss returned by sgdStep", expected, got,
                    "L = (1/N) sum_n -log softmax(z_n)[y_n], computed by SoftmaxCrossEntropy.forward before the update.");
        });
        cases.check("moves every parameter by -lr * gradient", () -> {
            Sequential mine = graderModel(12), ref = graderModel(12), ascent = graderModel(12);
            double[] before = flatParams(ref, false);
            referenceStep(ref, batch.images(), batch.labels(), lr);
            referenceStep(ascent, batch.images(), batch.labels(), -lr);
            STEP.call(mine, batch.images(), batch.labels(), lr);
            assertVector("parameters after one step", flatParams(ref, false), flatParams(mine, false), 1e-4,
                    Mistake.of("you moved up the gradient: gradient DESCENT subtracts, w <- w - lr * dL/dw.", flatParams(ascent, false)),
                    Mistake.of("the parameters did not change: update each p.value() in place, e.g. p.value().addi(p.grad().scale(-lr)).", before));
        });
        cases.check("a second step does not reuse the first step's gradients", () -> {
            Sequential mine = graderModel(13), ref = graderModel(13), stale = graderModel(13);
            Dataset second = Synthetic.bars(32, SIZE, 9);
            referenceStep(ref, batch.images(), batch.labels(), lr);
            referenceStep(ref, second.images(), second.labels(), lr);
            referenceStep(stale, batch.images(), batch.labels(), lr);
            stale.backward(lossGrad(stale, second)); // gradients added to the old ones, as a missing zeroGrad does
            for (Param p : stale.params()) p.value().addi(p.grad().scale(-lr));
            STEP.call(mine, batch.images(), batch.labels(), lr);
            STEP.call(mine, second.images(), second.labels(), lr);
            assertVector("parameters after two steps", flatParams(ref, false), flatParams(mine, false), 1e-4,
                    Mistake.of("the second step used the first step's gradients too: backward ADDS into p.grad(),"
                            + " so call model.zeroGrad() before each backward.", flatParams(stale, false)));
        });
    }

    private static Tensor lossGrad(Sequential m, Dataset d) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(m.forward(d.images()), d.labels());
        return loss.backward();
    }

    @Test @Order(4) @Points(8)
    @DisplayName("train: at least 90% accuracy on 400 new images, training within 30 s")
    void trainToAccuracy(SubCases cases) throws Throwable {
        Trained tr = trained();
        double trainSeconds = tr.seconds();
        double acc = accuracyOf(tr.model(), TEST_SET);
        String facts = "your network reached " + pct(acc) + " on 400 images it never saw, after " + String.format(Locale.ROOT, "%.1f", trainSeconds)
                + " s of training.";
        Feedback.note(facts);
        boolean inTime = trainSeconds <= TRAIN_BUDGET_SECONDS;
        String slow = "training took " + String.format(Locale.ROOT, "%.1f", trainSeconds) + " s, over the budget of " + TRAIN_BUDGET_SECONDS
                + " s: use fewer epochs, a smaller network or a larger batch.";
        double[] thresholds = {0.5, 0.8, 0.9};
        double[] weights = {2, 3, 3};
        for (int i = 0; i < thresholds.length; i++) {
            double t = thresholds[i];
            cases.check(weights[i], "accuracy >= " + pct(t), () -> {
                if (!inTime) throw new AssertionFailedError(slow);
                if (acc < t) {
                    throw new AssertionFailedError(facts + " That is below " + pct(t) + ". Chance is 25%."
                            + (acc < 0.3 ? " Near chance: is the loss going down? Check the sign of the update and the learning rate."
                            : " Train longer (more epochs), try a learning rate between 0.01 and 0.2, or a few more filters."));
                }
            });
        }
    }

    @Test @Order(5) @Points(value = 2, visibility = Visibility.AFTER_PUBLISHED)
    @DisplayName("the trained network generalises: at least 85% on a second set of 400 new images")
    void generalises(SubCases cases) throws Throwable {
        Sequential m = trained().model();
        cases.check("second test set", () -> {
            double acc = accuracyOf(m, SECOND_TEST_SET);
            if (acc < 0.85) throw new AssertionFailedError("accuracy " + pct(acc) + " on a second set of new images, below 85%.");
        });
    }
}
