package org.metergate.receiver;

import java.time.Clock;
import java.util.Arrays;
import org.metergate.wmbus.FrameFormat;

/**
 * The IMST iM871A (and iM170A) host controller interface: {@code A5 | control+endpoint | message id
 * | length | payload | [timestamp 4] [RSSI 1] [CRC-16 2]}. The control nibble (high nibble of the
 * second byte) says which trailers follow: 2 timestamp, 4 RSSI, 8 CRC-16; endpoint 1 device
 * management, 2 radio link, 3 radio link test, 4 hardware test. A received telegram is radio link
 * message 03h (WMBUS_MSG_IND) whose payload is the frame from the C field on, CRCs removed by the
 * module; the length byte is its L field. The CRC-16 is CCITT as in X.25 (reflected 1021h, init
 * FFFFh, complemented), over everything after A5, sent low byte first.
 *
 * <p>Layouts as documented in IMST's WMBus HCI specification and used by wmbusmeters
 * ({@code wmbus_im871a.cc}, whose RSSI conversion is used here: a linear fit of the radio chip's
 * RSSI curve, 45 → -100 dBm, 205 → -20 dBm, 230 and above → 0 dBm).
 */
public final class Im871a {
    public static final int SOF = 0xA5;
    public static final int DEVMGMT = 0x01;
    public static final int RADIOLINK = 0x02;
    public static final int RADIOLINKTEST = 0x03;
    public static final int HWTEST = 0x04;

    public static final int DEVMGMT_PING_REQ = 0x01;
    public static final int DEVMGMT_SET_CONFIG_REQ = 0x03;
    public static final int DEVMGMT_SET_CONFIG_RSP = 0x04;
    public static final int RADIOLINK_WMBUSMSG_IND = 0x03;

    static final int FLAG_TIMESTAMP = 0x20;
    static final int FLAG_RSSI = 0x40;
    static final int FLAG_CRC = 0x80;

    /** Longest message: 4 header + 255 payload + 4 timestamp + 1 RSSI + 2 CRC. */
    static final int MAX_MESSAGE = 266;

    private Im871a() {
    }

    /** dBm of the module's RSSI byte (see the class comment). */
    public static int rssiToDbm(int raw) {
        if (raw >= 230) {
            return 0;
        }
        return (int) (-100 + 80.0 / 160.0 * (raw - 45));
    }

    /** The RSSI byte the simulator sends for a dBm value (inverse of {@link #rssiToDbm}, rounded up). */
    public static int dbmToRssi(int dbm) {
        int raw = (int) Math.ceil(45 + (dbm + 100) * 2.0);
        return Math.max(0, Math.min(229, raw));
    }

    /** X.25 CRC-16 of b[from..to). */
    public static int crc(byte[] b, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF;
    }

    /** An HCI message with optional trailers (timestamp null = none, rssi null = none). */
    public static byte[] message(int endpoint, int messageId, byte[] payload, Long timestamp, Integer rssiRaw,
            boolean crc) {
        if (payload.length > 255) {
            throw new IllegalArgumentException("HCI payload of at most 255 bytes, got " + payload.length);
        }
        int control = (timestamp != null ? FLAG_TIMESTAMP : 0) | (rssiRaw != null ? FLAG_RSSI : 0) | (crc ? FLAG_CRC : 0);
        byte[] out = new byte[4 + payload.length + (timestamp != null ? 4 : 0) + (rssiRaw != null ? 1 : 0) + (crc ? 2 : 0)];
        out[0] = (byte) SOF;
        out[1] = (byte) (control | endpoint);
        out[2] = (byte) messageId;
        out[3] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 4, payload.length);
        int i = 4 + payload.length;
        if (timestamp != null) {
            long t = timestamp;
            out[i++] = (byte) t;
            out[i++] = (byte) (t >> 8);
            out[i++] = (byte) (t >> 16);
            out[i++] = (byte) (t >> 24);
        }
        if (rssiRaw != null) {
            out[i++] = (byte) (int) rssiRaw;
        }
        if (crc) {
            int c = crc(out, 1, i);
            out[i++] = (byte) c;
            out[i] = (byte) (c >> 8);
        }
        return out;
    }

    /** WMBUS_MSG_IND for a frame without CRCs (L first): the payload is the frame without its L. */
    public static byte[] indication(byte[] frameNoCrc, Integer rssiRaw, boolean crc) {
        return message(RADIOLINK, RADIOLINK_WMBUSMSG_IND, Arrays.copyOfRange(frameNoCrc, 1, frameNoCrc.length), null,
                rssiRaw, crc);
    }

    /**
     * DEVMGMT_SET_CONFIG_REQ, not stored in flash: link mode (IIFlag1 bit 1) and RSSI attached to
     * every received message (IIFlag2 bit 4), timestamps off (bit 5).
     */
    public static byte[] setConfigRequest(LinkMode mode) {
        return message(DEVMGMT, DEVMGMT_SET_CONFIG_REQ, new byte[] {0x00, 0x02, (byte) mode.im871aCode(), 0x30, 0x01, 0x00},
                null, null, false);
    }

    /** The streaming parser for one iM871A. */
    public static FrameParser parser(String receiverId, FrameListener listener, Clock clock) {
        return new Parser(receiverId, listener, clock);
    }

    private static final class Parser extends DongleParser {
        Parser(String receiverId, FrameListener listener, Clock clock) {
            super(receiverId, listener, clock, MAX_MESSAGE, "iM871A");
        }

        /** Takes every complete message from the buffer; leaves at most one partial message. */
        @Override
        int parse() {
            int p = 0;
            while (p < len) {
                if ((buf[p] & 0xFF) != SOF) {
                    p++;
                    skipped++;
                    continue;
                }
                if (len - p < 4) {
                    break;
                }
                int control = buf[p + 1] & 0xF0;
                int endpoint = buf[p + 1] & 0x0F;
                int id = buf[p + 2] & 0xFF;
                if ((control & 0x10) != 0 || !validId(endpoint, id)) {
                    p++;
                    skipped++;
                    continue;
                }
                int payload = buf[p + 3] & 0xFF;
                int total = 4 + payload + ((control & FLAG_TIMESTAMP) != 0 ? 4 : 0) + ((control & FLAG_RSSI) != 0 ? 1 : 0)
                        + ((control & FLAG_CRC) != 0 ? 2 : 0);
                if (len - p < total) {
                    break;
                }
                if ((control & FLAG_CRC) != 0) {
                    int got = (buf[p + total - 2] & 0xFF) | (buf[p + total - 1] & 0xFF) << 8;
                    int computed = crc(buf, p + 1, p + total - 2);
                    if (got != computed) {
                        reportSkipped();
                        listener.onError(new FramingException(FramingException.Kind.CHECKSUM, receiverId,
                                String.format("iM871A CRC %04X received, %04X computed: message dropped", got, computed)));
                        p++; // resynchronise on the next A5, which may be the real start
                        continue;
                    }
                }
                reportSkipped();
                deliver(p, control, endpoint, id, payload);
                p += total;
            }
            return p;
        }

        private void deliver(int p, int control, int endpoint, int id, int payload) {
            byte[] body = Arrays.copyOfRange(buf, p + 4, p + 4 + payload);
            if (endpoint == RADIOLINK && id == RADIOLINK_WMBUSMSG_IND) {
                if (payload < 10) {
                    listener.onError(new FramingException(FramingException.Kind.NOT_A_TELEGRAM, receiverId,
                            "WMBUS_MSG_IND with " + payload + " bytes is too short for a telegram"));
                    return;
                }
                Integer rssi = null;
                if ((control & FLAG_RSSI) != 0) {
                    int at = p + 4 + payload + ((control & FLAG_TIMESTAMP) != 0 ? 4 : 0);
                    rssi = rssiToDbm(buf[at] & 0xFF);
                }
                byte[] frame = new byte[payload + 1];
                frame[0] = (byte) payload;
                System.arraycopy(body, 0, frame, 1, payload);
                listener.onFrame(new ReceivedFrame(receiverId, frame, FrameFormat.NO_CRC, rssi, clock.instant()));
            } else {
                listener.onResponse(receiverId, endpoint << 8 | id, body);
            }
        }

        private static boolean validId(int endpoint, int id) {
            return switch (endpoint) {
                case DEVMGMT -> id >= 1 && id <= 0x27;
                case RADIOLINK -> id >= 1 && id <= 0x05;
                case RADIOLINKTEST -> id >= 1 && id <= 0x07;
                case HWTEST -> id >= 1 && id <= 0x02;
                default -> false;
            };
        }

        @Override
        public void end() {
            if (len > 0) {
                boolean started = (buf[0] & 0xFF) == SOF;
                listener.onError(new FramingException(started ? FramingException.Kind.TRUNCATED
                        : FramingException.Kind.GARBAGE, receiverId, started
                        ? "stream ended inside an iM871A message (" + len + " bytes)"
                        : (len + skipped) + " bytes skipped, no iM871A message"));
                len = 0;
                skipped = 0;
            } else if (skipped > 0) {
                reportSkipped();
            }
        }
    }
}
