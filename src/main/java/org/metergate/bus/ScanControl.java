package org.metergate.bus;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Lets the caller of a scan watch its progress and cancel it (a scan may take many minutes: A7). */
public final class ScanControl {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Consumer<ScanProgress> listener;
    private final Consumer<FoundMeter> foundListener;

    public ScanControl(Consumer<ScanProgress> listener) {
        this(listener, f -> { });
    }

    /** {@code found} learns each meter when it is found (a job stores it then, not only at the end). */
    public ScanControl(Consumer<ScanProgress> listener, Consumer<FoundMeter> found) {
        this.listener = listener;
        this.foundListener = found;
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

    void found(FoundMeter meter) {
        foundListener.accept(meter);
    }
}
