package org.metergate.mbus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the M-Bus decoder with Jazzer (Maven profile {@code fuzz}, see
 * docs/decode.md). Only compiled in that profile. Any exception other than
 * {@link MbusDecodeException}, a hang or an out-of-memory is a finding.
 *
 * <p>The first input byte picks the entry point, so one run covers the whole library: a complete
 * frame (link + application layer), user data behind a chosen CI field (the application layer
 * without checksum in the way), or a byte stream through the {@link FrameReader}.
 */
class MbusJazzerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch (input[0] & 3) {
                case 0 -> TelegramDecoder.decode(rest);
                case 1 -> {
                    if (rest.length > 0) {
                        byte[] data = Arrays.copyOfRange(rest, 1, Math.min(rest.length, 1 + Frame.LongFrame.MAX_DATA));
                        TelegramDecoder.decode(0x08, 1, rest[0] & 0xFF, Bytes.of(data));
                    }
                }
                case 2 -> {
                    FrameReader reader = new FrameReader();
                    for (Frame f : reader.feed(rest)) {
                        decodeQuietly(f);
                    }
                    for (Frame f : reader.abandonPartial()) {
                        decodeQuietly(f);
                    }
                }
                default -> {
                    // a decoded telegram must survive value access and re-encoding
                    Telegram t = TelegramDecoder.decode(rest);
                    for (DataRecord r : t.records()) {
                        r.value();
                        r.annotations();
                        r.raw();
                    }
                }
            }
        } catch (MbusDecodeException expected) {
            // the library's own typed error: fine
        }
    }

    private static void decodeQuietly(Frame f) {
        try {
            TelegramDecoder.decode(f);
        } catch (MbusDecodeException expected) {
            // fine
        }
    }
}
