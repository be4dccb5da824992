package convkit.cli;

import convkit.train.EpochStats;
import convkit.train.Progress;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The trainer's progress as a terminal bar: lives here so that the core needs no progress-bar library. */
final class ProgressBars {
    private ProgressBars() {}

    /** A bar in a terminal (a console is attached), the core's text lines otherwise. */
    static Progress auto() {
        return System.console() != null ? bar(System.err) : Progress.text(System.out);
    }

    /** A terminal progress bar (me.tongfei:progressbar) on {@code out}, and a summary line per epoch. */
    static Progress bar(PrintStream out) {
        return new Progress() {
            private ProgressBar bar;

            public void startEpoch(int epoch, int epochs, int batches) {
                bar = new ProgressBarBuilder()
                        .setTaskName("epoch " + epoch + "/" + epochs)
                        .setInitialMax(batches)
                        .setUnit(" batches", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(out))
                        .build();
            }

            public void batch(int done, double loss, double accuracy) {
                bar.stepTo(done);
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.2f%%", loss, 100 * accuracy));
            }

            public void endEpoch(EpochStats stats) {
                bar.close();
                bar = null;
                out.println(stats);
                out.flush();
            }

            public void stopped() {
                if (bar != null) bar.close();   // ends the bar's line and its refresh thread, so the error prints cleanly
                bar = null;
            }
        };
    }
}
