package convkit.nn;

import convkit.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a built-in layer is, as plain values: enough to print it, save it and build it again.
 * Every built-in layer gives its own ({@link Layer#config()}), so a summary, a checkpoint or a
 * grader reads the facts from the layer instead of testing its class.
 *
 * <pre>{@code
 * new Conv2d(3, 10, 5, ConvSpec.padding(2)).config()   // Config[in=3, out=10, kernel=5, spec=stride 1, padding 2, bias=true]
 * }</pre>
 */
public sealed interface LayerConfig permits Conv2d.Config, Pool2dLayer.Config, Dense.Config, Dropout.Config, LayerConfig.Plain {

    /** The layer's kind as checkpoints and summaries name it: "Conv2d", "MaxPool2d", "ReLU", ... (by default the layer's class). */
    default String type() {
        return getClass().getEnclosingClass().getSimpleName();
    }

    /** A new layer with these settings (fresh parameters: initialise or load them). */
    Layer build();

    /**
     * The settings by name, in a fixed order: numbers, booleans, strings, and int pairs as {@code int[]}
     * (height, width). By default the record's components, in order.
     */
    default Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + this, e);
            }
        }
        return m;
    }

    /** How the output size and the parameter count follow from the lecture's formulas, for a summary; "" when there is nothing to say. */
    default String formula(Shape in, Shape out, long params) {
        return "";
    }

    /** Reads a config back from its {@link #type()} and {@link #fields()}, e.g. from a checkpoint. */
    interface Fields {
        int integer(String name);

        long longValue(String name);

        double number(String name);

        boolean flag(String name);

        String text(String name);

        int[] pair(String name);
    }

    /**
     * The config of {@code type} with the given fields.
     *
     * @throws IllegalArgumentException for a type that is not a built-in layer
     */
    static LayerConfig of(String type, Fields f) {
        java.util.Objects.requireNonNull(type, "LayerConfig.of: the layer type must not be null");
        return switch (type) {
            case "Conv2d" -> Conv2d.Config.read(f);
            case "MaxPool2d", "AvgPool2d" -> Pool2dLayer.Config.read(type, f);
            case "Dense" -> new Dense.Config(f.integer("in"), f.integer("out"));
            case "Dropout" -> new Dropout.Config(f.number("p"), f.longValue("seed"));
            case "ReLU", "Sigmoid", "Tanh", "Flatten" -> new Plain(type);
            default -> throw new IllegalArgumentException("unknown layer type \"" + type + "\"; the built-in ones are"
                    + " Conv2d, MaxPool2d, AvgPool2d, Dense, Dropout, ReLU, Sigmoid, Tanh and Flatten");
        };
    }

    /** A layer without settings: ReLU, Sigmoid, Tanh or Flatten. */
    record Plain(String type) implements LayerConfig {
        public Plain {
            if (!java.util.List.of("ReLU", "Sigmoid", "Tanh", "Flatten").contains(type)) {
                throw new IllegalArgumentException("Plain: " + type + " is not a layer without settings (ReLU, Sigmoid, Tanh, Flatten)");
            }
        }

        @Override
        public Layer build() {
            return switch (type) {
                case "ReLU" -> new ReLU();
                case "Sigmoid" -> new Sigmoid();
                case "Tanh" -> new Tanh();
                default -> new Flatten();
            };
        }

        @Override
        public Map<String, Object> fields() {
            return new LinkedHashMap<>();   // the type says it all
        }

        @Override
        public String formula(Shape in, Shape out, long params) {
            return type.equals("Flatten") && in.rank() == 4 ? in.dim(2) + "*" + in.dim(3) + "*" + in.dim(1) + " = " + out.dim(1) : "";
        }
    }
}
