package org.metergate.bus;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Lets the caller of a scan watch its progress and cancel it (a scan may take many minutes: A7). */
public final class ScanControl {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Consumer<ScanProgress> listener;

    public ScanControl(Consumer<ScanProgress> listener) {
        this.listener = listener;
    }

    public static ScanControl none() {
        return new ScanControl(p -> { });
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    void report(ScanProgress progress) {
        listener.accept(progress);
    }
}
