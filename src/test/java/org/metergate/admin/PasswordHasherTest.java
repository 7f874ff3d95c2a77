package org.metergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAndVerifies() {
        String hash = hasher.hash("secret-password".toCharArray());
        assertThat(hash).startsWith("$argon2id$");
        assertThat(hasher.verify("secret-password".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("other-password".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("secret-password".toCharArray(), "not a hash")).isFalse();
    }

    @Test
    void aFloodOfLoginsRunsOnlyAFewArgon2HashesAtOnce() throws Exception {
        // Each Argon2id run holds 19 MiB: an anonymous login flood (20 HTTP worker threads and more)
        // must not run them all at once and exhaust the heap.
        String hash = hasher.hash("secret-password".toCharArray());
        int threads = 4 * PasswordHasher.MAX_PARALLEL + 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            PasswordHasher.resetPeak();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return hasher.verify("wrong-password".toCharArray(), hash);
                }));
            }
            go.countDown();
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(PasswordHasher.peakParallel()).isBetween(1, PasswordHasher.MAX_PARALLEL);
    }
}
