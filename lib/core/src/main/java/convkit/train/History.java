package convkit.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The per-epoch record of a training run; {@code convkit.viz.Tables.history} shows it as a table, the charts as curves. */
public final class History {
    private final List<EpochStats> epochs = new ArrayList<>();

    void add(EpochStats s) {
        epochs.add(s);
    }

    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    /** The last epoch's stats. */
    public EpochStats last() {
        if (epochs.isEmpty()) throw new IllegalStateException("no epoch has finished yet");
        return epochs.get(epochs.size() - 1);
    }

    public double totalSeconds() {
        double s = 0;
        for (EpochStats e : epochs) s += e.seconds();
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (EpochStats e : epochs) sb.append(e).append('\n');
        return sb.toString();
    }
}
