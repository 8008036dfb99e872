package org.gossipcdn.cli;

import java.io.InputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr around a stream, only when a person is watching a terminal. */
final class Progress {

    private Progress() {
    }

    static boolean onTerminal() {
        return System.console() != null && System.getenv("GCDN_NO_PROGRESS") == null;
    }

    static InputStream wrap(InputStream in, String task, long size) {
        if (!onTerminal() || size < 1 << 20) {
            return in;
        }
        return ProgressBar.wrap(in, new ProgressBarBuilder().setTaskName(task).setInitialMax(size)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)));
    }
}
