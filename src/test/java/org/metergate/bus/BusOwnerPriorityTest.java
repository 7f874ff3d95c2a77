package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bus owner's queue: normal jobs in order, background jobs (continuous mode) only when no normal job waits. */
class BusOwnerPriorityTest {

    @Test
    void backgroundJobsRunAfterEveryWaitingNormalJob() throws Exception {
        // the jobs never touch the transport, so it is never opened
        try (BusOwner owner = new BusOwner("t", new TcpTransport("127.0.0.1", 9, 2400, 1000), BusTiming.fast(2400))) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> order = new CopyOnWriteArrayList<>();
            CompletableFuture<Object> blocker = owner.submit("hold", m -> {
                running.countDown();
                release.await(10, TimeUnit.SECONDS);
                return null;
            });
            // the owner's thread is busy: everything below waits in the queue
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<?> b1 = owner.submitBackground("b1", m -> order.add("b1"));
            CompletableFuture<?> n1 = owner.submit("n1", m -> order.add("n1"));
            CompletableFuture<?> b2 = owner.submitBackground("b2", m -> order.add("b2"));
            CompletableFuture<?> n2 = owner.submit("n2", m -> order.add("n2"));
            assertThat(owner.queued()).isEqualTo(4);
            release.countDown();
            CompletableFuture.allOf(blocker, b1, n1, b2, n2).get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("n1", "n2", "b1", "b2");
        }
    }

    @Test
    void closingFailsTheJobsStillQueued() throws Exception {
        BusOwner owner = new BusOwner("t", new TcpTransport("127.0.0.1", 9, 2400, 1000), BusTiming.fast(2400));
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Object> blocker = owner.submit("hold", m -> {
            running.countDown();
            new CountDownLatch(1).await(10, TimeUnit.SECONDS); // interrupted by close
            return null;
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<?> waiting = owner.submit("read meter 7", m -> "never");
        owner.close();
        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).hasMessageContaining("closed before 'read meter 7' ran");
        assertThat(owner.queued()).isZero();
        assertThat(blocker).isCompletedExceptionally(); // the running job was interrupted
        assertThat(owner.submit("late", m -> "x")).isCompletedExceptionally();
    }
}
