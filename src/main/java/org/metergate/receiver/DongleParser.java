package org.metergate.receiver;

import java.time.Clock;

/**
 * What the binary stick parsers (AMB8465, iM871A) share: bytes go into a buffer big enough for two of
 * the stick's longest messages, every complete message is taken from its front, the partial rest is
 * moved to the start, and bytes skipped while looking for a message start are reported once the next
 * message (or the end) shows where the garbage stopped.
 */
abstract class DongleParser implements FrameParser {
    final String receiverId;
    final FrameListener listener;
    final Clock clock;
    final byte[] buf;
    int len;
    int skipped;
    private final String device;

    DongleParser(String receiverId, FrameListener listener, Clock clock, int maxMessage, String device) {
        this.receiverId = receiverId;
        this.listener = listener;
        this.clock = clock;
        this.buf = new byte[2 * maxMessage];
        this.device = device;
    }

    @Override
    public final void feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int n = Math.min(buf.length - len, end - i);
            System.arraycopy(bytes, i, buf, len, n);
            len += n;
            i += n;
            int p = parse();
            System.arraycopy(buf, p, buf, 0, len - p);
            len -= p;
        }
    }

    /** Takes every complete message from {@code buf[0, len)}; answers how many bytes it used up. */
    abstract int parse();

    final void reportSkipped() {
        if (skipped > 0) {
            listener.onError(new FramingException(FramingException.Kind.GARBAGE, receiverId,
                    skipped + " bytes skipped before an " + device + " message"));
            skipped = 0;
        }
    }
}
