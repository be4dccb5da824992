package convkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers the commands share. */
final class Cli {
    private Cli() {}

    /** The enum constant named {@code value} (any case), or an error listing the choices. */
    static <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", names) + ", got \"" + value + "\"");
    }
}
