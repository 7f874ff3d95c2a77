package org.metergate.meters;

import java.util.List;

/** A bulk change (SPEC C3) that cannot be applied: every reason, per meter; nothing was changed. */
public final class MeterBulkException extends RuntimeException {

    /** Why one meter of the selection stops the change. */
    public record Problem(long meterId, String reason) {}

    private final List<Problem> problems;

    public MeterBulkException(List<Problem> problems) {
        super("bulk change refused: " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ", nothing changed");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
