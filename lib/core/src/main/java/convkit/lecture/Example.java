package convkit.lecture;

import convkit.conv.Explanation;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One worked example of the lecture (L01-L31 of EXAMPLES.md) as data: its inputs, the ConvKit call
 * that reproduces it, what the lecture states, and notes where the slide is garbled. The
 * computation runs the first time it is asked for and is then remembered.
 *
 * <p>{@code toString()} prints the whole story: inputs, the call, the explained computation of one
 * output cell, the result, the checks against the lecture, and the verdict.
 *
 * <pre>{@code
 * jshell> Lecture.example("L15")
 * $1 ==> L15  2D cross-correlation (互相关, no flip), valid, stride 1 ...
 * jshell> Lecture.example("L15").explanation().get()
 * $2 ==> y[0][0] = 2*1 + 10*8 + 5*(-5) + 15*6 = 147
 * jshell> Lecture.example("L15").agrees()
 * $3 ==> true
 * jshell> Lecture.example("L15").checks().get(0)
 * $4 ==> ok   Y: lecture [[147, 119], [161, 174]], ConvKit [[147, 119], [161, 174]]
 * }</pre>
 */
public final class Example {
    private final String id;
    private final String title;
    private final String section;
    private final String lines;
    private final Map<String, Object> inputs;
    private final String call;
    private final String stated;
    private final List<String> notes;
    private final Supplier<Outcome> computation;
    private Outcome outcome;

    /** What running the example produced: the main result, one explained cell (or null), the checks. */
    record Outcome(Object result, Explanation explanation, List<Check> checks) {}

    Example(String id, String title, String section, String lines, Map<String, Object> inputs, String call,
            String stated, List<String> notes, Supplier<Outcome> computation) {
        this.id = id;
        this.title = title;
        this.section = section;
        this.lines = lines;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.call = call;
        this.stated = stated;
        this.notes = List.copyOf(notes);
        this.computation = computation;
    }

    /** The id, {@code "L01"} .. {@code "L31"}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The lecture section the example comes from (in the lecture's own words). */
    public String section() {
        return section;
    }

    /** The lecture's line numbers, as EXAMPLES.md lists them. */
    public String lines() {
        return lines;
    }

    /** The inputs by name, in the order the slide shows them: tensors, numbers or text. */
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** One input by name; tensors are returned as copies so the catalogue cannot be changed. */
    public Object input(String name) {
        Object v = inputs.get(name);
        if (v == null) {
            throw new IllegalArgumentException(id + " has no input \"" + name + "\"; its inputs are " + inputs.keySet());
        }
        return v instanceof Tensor t ? t.copy() : v;
    }

    /** One tensor input by name (a copy), e.g. {@code Lecture.example("L09").tensor("X")}. */
    public Tensor tensor(String name) {
        Object v = input(name);
        if (!(v instanceof Tensor t)) {
            throw new ShapeException(id + ": input \"" + name + "\" is " + Check.show(v) + ", not a tensor");
        }
        return t;
    }

    /** The ConvKit call that reproduces the example, as one would type it in JShell. */
    public String call() {
        return call;
    }

    /** What the lecture states, in words and numbers. */
    public String stated() {
        return stated;
    }

    /** Where the slide is garbled, ambiguous or lost, and what ConvKit does about it. */
    public List<String> notes() {
        return notes;
    }

    /** The main result of {@link #call()}: a tensor, a number or a short text. */
    public Object result() {
        return outcome().result();
    }

    /** The multiply-add terms of one output cell, where the example computes a convolution or correlation. */
    public Optional<Explanation> explanation() {
        return Optional.ofNullable(outcome().explanation());
    }

    /** Every comparison, lecture-stated first. */
    public List<Check> checks() {
        return outcome().checks();
    }

    /** True when every check agrees. */
    public boolean agrees() {
        for (Check c : checks()) if (!c.agrees()) return false;
        return true;
    }

    /** True when the lecture itself states at least one of the compared values. */
    public boolean hasStatedNumbers() {
        for (Check c : checks()) if (c.source() == Check.Source.LECTURE) return true;
        return false;
    }

    private synchronized Outcome outcome() {
        if (outcome == null) {
            try {
                outcome = computation.get();
            } catch (RuntimeException e) {
                // A failing computation is a disagreement to report, not a reason to hide the example.
                outcome = new Outcome(e.toString(), null,
                        List.of(new Check("computation", "a result", "threw " + e, Check.Source.DERIVED, false)));
            }
        }
        return outcome;
    }

    /** A short line for lists: {@code L09  ok     2D correlation ...}. */
    public String summary() {
        String verdict = agrees() ? (hasStatedNumbers() ? "agrees " : "derived") : "DIFFERS";
        return id + "  " + verdict + "  " + title;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append("  ").append(title).append('\n');
        sb.append("    lecture: ").append(section).append('\n');   // line numbers stay in lines(), for maintainers
        if (!inputs.isEmpty()) {
            sb.append("inputs\n");
            for (Map.Entry<String, Object> e : inputs.entrySet()) sb.append(block(e.getKey() + " = ", e.getValue()));
        }
        sb.append("call\n    ").append(call.replace("\n", "\n    ")).append('\n');
        explanation().ifPresent(x -> sb.append("explained\n    ").append(x.toString().replace("\n", "\n    ")).append('\n'));
        sb.append(block("result\n    ", result()));
        sb.append("lecture states\n    ").append(stated.replace("\n", "\n    ")).append('\n');
        sb.append("checks\n");
        for (Check c : checks()) sb.append("    ").append(c.toString().replace("\n", "\n    ")).append('\n');
        if (!notes.isEmpty()) {
            sb.append("notes\n");
            for (String n : notes) sb.append("    - ").append(n.replace("\n", "\n      ")).append('\n');
        }
        List<String> differing = new ArrayList<>();
        for (Check c : checks()) if (!c.agrees()) differing.add(c.what());
        sb.append("verdict: ");
        if (!differing.isEmpty()) sb.append("DIFFERS from the lecture in ").append(differing);
        else if (hasStatedNumbers()) sb.append("agrees with the lecture");
        else sb.append("the lecture states no number here; the derived checks agree");
        return sb.toString();
    }

    private static String block(String label, Object value) {
        String text = value instanceof Tensor t ? t.toString() : Check.show(value);
        String indent = "    ";
        if (label.startsWith("result")) return label + text.replace("\n", "\n    ") + "\n";
        return indent + label + text.replace("\n", "\n" + indent + " ".repeat(label.length())) + "\n";
    }
}
