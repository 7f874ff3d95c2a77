package org.metergate.schedule;

import java.util.Optional;

/**
 * An expression of the cron dialect that cannot be parsed. This is the only exception the parser
 * throws for any input string, so a REST handler can map it to 400 and show {@link #position()}
 * to the user.
 */
public final class CronSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final transient CronField field;
    private final String reason;

    CronSyntaxException(String reason, int position, CronField field) {
        super(reason + " at position " + position);
        this.reason = reason;
        this.position = position;
        this.field = field;
    }

    /** Zero-based character offset into the expression as written (the string given to the parser). */
    public int position() {
        return position;
    }

    /** The field the error is in, empty when it concerns the whole expression (e.g. a missing field count). */
    public Optional<CronField> field() {
        return Optional.ofNullable(field);
    }

    /** What is wrong, without the position, e.g. {@code minute 61 out of range 0-59}. */
    public String reason() {
        return reason;
    }
}
