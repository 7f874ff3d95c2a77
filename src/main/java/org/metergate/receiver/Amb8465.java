package org.metergate.receiver;

import java.time.Clock;
import java.util.Arrays;
import org.metergate.wmbus.FrameFormat;

/**
 * The Amber / Würth Elektronik AMB8465 (and AMB8665) USB stick. In command mode every message is
 * {@code FF | command | length | payload | checksum}, the checksum the XOR of all bytes before it
 * (FF included). A received telegram is CMD_DATA_IND (03h; some firmware sets the confirmation bit:
 * 83h) whose payload is the frame from the C field on with the CRCs removed, the length byte being
 * its L field; with RSSI output enabled one RSSI byte follows the payload (inside the checksum, outside
 * the length). In transparent mode (command output disabled) the stick sends the bare frame, L first,
 * and the RSSI byte is counted in L.
 *
 * <p>RSSI byte to dBm as Amber documents it (and wmbusmeters' {@code wmbus_amb8465.cc} uses):
 * signed byte / 2 - 74.
 */
public final class Amb8465 {
    public static final int SOF = 0xFF;
    public static final int CMD_DATA_IND = 0x03;
    public static final int CMD_SET_MODE_REQ = 0x04;

    private Amb8465() {
    }

    public static int rssiToDbm(int raw) {
        int signed = raw >= 128 ? raw - 256 : raw;
        return signed / 2 - 74;
    }

    /** The RSSI byte for a dBm value (inverse of {@link #rssiToDbm}). */
    public static int dbmToRssi(int dbm) {
        int signed = Math.max(-128, Math.min(127, (dbm + 74) * 2));
        return signed & 0xFF;
    }

    static int xor(byte[] b, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= b[i] & 0xFF;
        }
        return x;
    }

    /** A command-mode message; {@code rssiRaw} (or null) is appended after the payload, before the checksum. */
    public static byte[] command(int command, byte[] payload, Integer rssiRaw) {
        if (payload.length > 255) {
            throw new IllegalArgumentException("AMB8465 payload of at most 255 bytes, got " + payload.length);
        }
        int extra = rssiRaw != null ? 1 : 0;
        byte[] out = new byte[4 + payload.length + extra];
        out[0] = (byte) SOF;
        out[1] = (byte) command;
        out[2] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 3, payload.length);
        if (rssiRaw != null) {
            out[3 + payload.length] = (byte) (int) rssiRaw;
        }
        out[out.length - 1] = (byte) xor(out, 0, out.length - 1);
        return out;
    }

    /** CMD_DATA_IND for a frame without CRCs (L first). */
    public static byte[] dataIndication(byte[] frameNoCrc, Integer rssiRaw) {
        return command(CMD_DATA_IND, Arrays.copyOfRange(frameNoCrc, 1, frameNoCrc.length), rssiRaw);
    }

    /** CMD_SET_MODE_REQ: listen in the given mode (volatile, like wmbusmeters does it). */
    public static byte[] setModeRequest(LinkMode mode) {
        return command(CMD_SET_MODE_REQ, new byte[] {(byte) mode.amb8465Code()}, null);
    }

    /**
     * The streaming parser.
     *
     * @param rssi the stick appends an RSSI byte to received telegrams (its RSSI_Enable setting)
     * @param transparent accept bare frames (transparent mode) besides command-mode messages; without
     *     it every byte outside an FF message is garbage, which makes resynchronisation reliable
     */
    public static FrameParser parser(String receiverId, FrameListener listener, Clock clock, boolean rssi,
            boolean transparent) {
        return new Parser(receiverId, listener, clock, rssi, transparent);
    }

    private static final class Parser extends DongleParser {
        private static final int MAX = 4 + 255 + 1;
        private final boolean rssi;
        private final boolean transparent;

        Parser(String receiverId, FrameListener listener, Clock clock, boolean rssi, boolean transparent) {
            super(receiverId, listener, clock, MAX, "AMB8465");
            this.rssi = rssi;
            this.transparent = transparent;
        }

        @Override
        int parse() {
            int p = 0;
            while (p < len) {
                int b = buf[p] & 0xFF;
                if (b != SOF) {
                    if (!transparent || b < 10) {
                        p++;
                        skipped++;
                        continue;
                    }
                    int total = b + 1;
                    if (len - p < total) {
                        break;
                    }
                    reportSkipped();
                    int frameLen = rssi ? total - 1 : total;
                    byte[] frame = Arrays.copyOfRange(buf, p, p + frameLen);
                    frame[0] = (byte) (frameLen - 1);
                    Integer dbm = rssi ? rssiToDbm(buf[p + total - 1] & 0xFF) : null;
                    listener.onFrame(new ReceivedFrame(receiverId, frame, FrameFormat.NO_CRC, dbm, clock.instant()));
                    p += total;
                    continue;
                }
                if (len - p < 3) {
                    break;
                }
                int cmd = buf[p + 1] & 0xFF;
                int payload = buf[p + 2] & 0xFF;
                boolean dataInd = (cmd & 0x7F) == CMD_DATA_IND;
                int total = 4 + payload + (dataInd && rssi ? 1 : 0);
                if (len - p < total) {
                    break;
                }
                int cs = buf[p + total - 1] & 0xFF;
                int computed = xor(buf, p, p + total - 1);
                if (cs != computed) {
                    reportSkipped();
                    listener.onError(new FramingException(FramingException.Kind.CHECKSUM, receiverId,
                            String.format("AMB8465 checksum %02X received, %02X computed: message dropped", cs, computed)));
                    p++;
                    continue;
                }
                reportSkipped();
                if (dataInd) {
                    if (payload < 9) {
                        listener.onError(new FramingException(FramingException.Kind.NOT_A_TELEGRAM, receiverId,
                                "CMD_DATA_IND with " + payload + " bytes is too short for a telegram"));
                    } else {
                        byte[] frame = new byte[payload + 1];
                        frame[0] = (byte) payload;
                        System.arraycopy(buf, p + 3, frame, 1, payload);
                        Integer dbm = rssi ? rssiToDbm(buf[p + 3 + payload] & 0xFF) : null;
                        listener.onFrame(new ReceivedFrame(receiverId, frame, FrameFormat.NO_CRC, dbm, clock.instant()));
                    }
                } else {
                    listener.onResponse(receiverId, cmd, Arrays.copyOfRange(buf, p + 3, p + 3 + payload));
                }
                p += total;
            }
            return p;
        }

        @Override
        public void end() {
            if (len > 0) {
                listener.onError(new FramingException(FramingException.Kind.TRUNCATED, receiverId,
                        "stream ended inside an AMB8465 message (" + len + " bytes)"));
                len = 0;
            }
            reportSkipped();
        }
    }
}
