package convkit.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how training goes. The core offers plain text lines ({@link #text}), readable in notebooks,
 * JShell, CI logs and pipes; the command line adds a terminal progress bar ({@code convkit.cli.ProgressBars}).
 */
public interface Progress {

    /** A new epoch of {@code batches} batches begins. */
    void startEpoch(int epoch, int epochs, int batches);

    /** {@code done} batches of this epoch are finished; loss and accuracy so far in the epoch. */
    void batch(int done, double loss, double accuracy);

    /** The epoch is finished, test set evaluated. */
    void endEpoch(EpochStats stats);

    /** Training stopped in the middle of an epoch (an error is on its way): close what is open. */
    default void stopped() {}

    /** A line about the run itself (e.g. which backend it computes on), before the first epoch. Default: ignored. */
    default void note(String line) {}

    /** Nothing at all (tests). */
    static Progress silent() {
        return new Progress() {
            public void startEpoch(int epoch, int epochs, int batches) {}
            public void batch(int done, double loss, double accuracy) {}
            public void endEpoch(EpochStats stats) {}
        };
    }

    /** One line per tenth of an epoch and one per finished epoch: readable in notebooks and logs. */
    static Progress text(PrintStream out) {
        return new Progress() {
            private int epoch, epochs, batches, nextTenth;
            private long start;

            public void startEpoch(int epoch, int epochs, int batches) {
                this.epoch = epoch;
                this.epochs = epochs;
                this.batches = batches;
                this.nextTenth = 1;
                this.start = System.nanoTime();
            }

            public void batch(int done, double loss, double accuracy) {
                if (done * 10L >= (long) nextTenth * batches && done < batches) {
                    double s = (System.nanoTime() - start) / 1e9;
                    out.printf(Locale.ROOT, "epoch %d/%d %3d%% (%d/%d batches) loss %.4f accuracy %.2f%% %.0f s%n",
                            epoch, epochs, done * 100 / batches, done, batches, loss, 100 * accuracy, s);
                    out.flush();
                    while ((long) nextTenth * batches <= done * 10L) nextTenth++;
                }
            }

            public void endEpoch(EpochStats stats) {
                out.println(stats);
                out.flush();
            }

            public void note(String line) {
                out.println(line);
                out.flush();
            }
        };
    }
}
