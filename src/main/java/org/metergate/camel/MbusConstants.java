package org.metergate.camel;

/** Message headers of the {@code mbus:} component. */
public final class MbusConstants {

    /** Producer input: meters to read, comma-separated addresses or a collection (primary 0..250 or 8-digit secondary). */
    public static final String METERS = "MbusMeters";
    /** Producer input: read (default), scanPrimary, scanSecondary or send (body = raw frame as hex). */
    public static final String OPERATION = "MbusOperation";
    /** Output: the address a readout was taken from. */
    public static final String ADDRESS = "MbusAddress";
    /** Output: readout status (OK, NO_ANSWER, COLLISION, …). */
    public static final String STATUS = "MbusStatus";
    /** Output: the installed meter's id when the readout came from the meter source. */
    public static final String METER_ID = "MbusMeterId";
    /** Output: which attempt of a job with retries (SPEC D5) this readout was, 1-based. */
    public static final String ATTEMPT = "MbusAttempt";
    /** Output: how many attempts the job's retry policy allows. */
    public static final String ATTEMPTS = "MbusAttempts";
    /** Output: true when this failed attempt will be retried after the offset. */
    public static final String RETRY_FOLLOWS = "MbusRetryFollows";
    /** Output: the job that read it: scheduled, manual or install. */
    public static final String JOB = "MbusJob";
    /** Output: the bus id. */
    public static final String BUS = "MbusBus";

    private MbusConstants() {}
}
