package convkit.assignments;

import convkit.grading.AssignmentSpec;
import convkit.grading.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The course's assignments, by number. Handouts (skeletons) are in {@code tests/assignments/handout/}
 * and {@code notebooks/assignments/}, reference solutions in {@code tests/assignments/solutions/};
 * the graders are compiled into the library, so {@code ./convkit grade} works from a clean clone.
 */
public final class Assignments {
    private Assignments() {}

    private static final Map<Integer, AssignmentSpec> ALL = new TreeMap<>();

    static {
        add(new AssignmentSpec(1, "1D and 2D cross-correlation and convolution with stride and padding",
                "assignment1.Convolutions", List.of(ConvolutionGrader.class), Limits.quick()));
        add(new AssignmentSpec(2, "output size, parameter counts and pooling",
                "assignment2.Shapes", List.of(ShapesGrader.class), Limits.quick()));
        add(new AssignmentSpec(3, "backward pass of a convolutional layer (dx, dw, db) checked against numerical gradients",
                "assignment3.ConvBackward", List.of(BackwardGrader.class), Limits.quick()));
        // Training needs the full JIT and more heap; its own budget (30 s) is checked inside the test.
        add(new AssignmentSpec(4, "train a small CNN on the synthetic bars to 90% accuracy within 30 s",
                "assignment4.SmallCnn", List.of(TrainingGrader.class),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(150), 384, false)));
    }

    private static void add(AssignmentSpec a) {
        ALL.put(a.number(), a);
    }

    /** Assignment {@code n}; the message lists the numbers there are. */
    public static AssignmentSpec get(int n) {
        AssignmentSpec a = ALL.get(n);
        if (a == null) throw new IllegalArgumentException("there is no assignment " + n + "; the assignments are " + ALL.keySet());
        return a;
    }

    public static List<AssignmentSpec> all() {
        return List.copyOf(ALL.values());
    }
}
