package org.metergate.receiver;

/**
 * A streaming parser of one receiver framing: bytes go in as they arrive (any chunking), frames and
 * errors come out through the {@link FrameListener}. Memory is bounded by the largest frame of the
 * framing; garbage is skipped with a {@link FramingException.Kind#GARBAGE} report. Not thread-safe:
 * one parser per byte stream.
 */
public interface FrameParser {

    void feed(byte[] bytes, int offset, int length);

    default void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** The stream ended or went idle: a partial frame is reported as TRUNCATED and dropped. */
    void end();
}
