package org.metergate.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes bytes to a master no earlier than their due times (System.nanoTime), on its own thread,
 * so that a late answer does not hold up the reading of the next request: on a real bus the
 * master's next request and a late slave's answer are independent events. Bytes of transmissions
 * that overlap in time go out in due-time order (interleaved, i.e. garbage, as on a real line).
 * Writing is never early; scheduling jitter only makes it later.
 */
final class PacedWriter implements AutoCloseable {
    private record Item(long due, long seq, byte value) {
    }

    private final OutputStream out;
    private final PriorityQueue<Item> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private long seq;
    private boolean closed;
    private volatile IOException failure;

    PacedWriter(OutputStream out, String name) {
        this.out = out;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code b[i]} for {@code base + due[i]}. */
    void schedule(byte[] b, long[] due, long base) throws IOException {
        if (failure != null) {
            throw failure;
        }
        lock.lock();
        try {
            for (int i = 0; i < b.length; i++) {
                queue.add(new Item(base + due[i], seq++, b[i]));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        byte[] chunk = new byte[256];
        try {
            while (true) {
                int n = 0;
                lock.lock();
                try {
                    while (!closed && (queue.isEmpty() || queue.peek().due - System.nanoTime() > 0)) {
                        if (queue.isEmpty()) {
                            changed.await();
                        } else {
                            changed.awaitNanos(queue.peek().due - System.nanoTime());
                        }
                    }
                    if (closed) {
                        return;
                    }
                    long now = System.nanoTime();
                    while (n < chunk.length && !queue.isEmpty() && queue.peek().due - now <= 0) {
                        chunk[n++] = queue.poll().value;
                    }
                } finally {
                    lock.unlock();
                }
                out.write(chunk, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
