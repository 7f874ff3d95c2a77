package org.metergate.admin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashes in PHC string form, parameters after OWASP's minimum (19 MiB, 2 passes).
 * Only a few run at once (process-wide): the login endpoint is public, and every concurrent run holds
 * 19 MiB of heap, so a flood of logins queues here instead of exhausting memory.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    /** Argon2 runs allowed at once: enough to use every core, few enough that their memory stays bounded. */
    static final int MAX_PARALLEL = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Semaphore PERMITS = new Semaphore(MAX_PARALLEL, true);

    /** Hashes running right now and the most seen at once (tests). */
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger PEAK = new AtomicInteger();

    public String hash(char[] password) {
        return limited(() -> Password.hash(new String(password)).addRandomSalt(16).with(ARGON2ID).getResult());
    }

    public boolean verify(char[] password, String hash) {
        return limited(() -> {
            try {
                return Password.check(new String(password), hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException e) {
                // A hash we cannot parse never matches.
                return false;
            }
        });
    }

    private static <T> T limited(java.util.function.Supplier<T> work) {
        PERMITS.acquireUninterruptibly();
        try {
            PEAK.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                return work.get();
            } finally {
                RUNNING.decrementAndGet();
            }
        } finally {
            PERMITS.release();
        }
    }

    static int peakParallel() {
        return PEAK.get();
    }

    static void resetPeak() {
        PEAK.set(RUNNING.get());
    }
}
