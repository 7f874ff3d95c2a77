package org.metergate.receiver;

import java.time.Clock;
import org.metergate.wmbus.FrameFormat;

/**
 * Text feeds, one telegram per line (TCP, stdin, pipes from SDR decoders):
 * <ul>
 *   <li>{@code 2E4493157856341233037A2A0000...} — the frame in hex, {@code 0x} prefix and blanks allowed;</li>
 *   <li>{@code 2E44...;-71} — with the RSSI in dBm after a semicolon;</li>
 *   <li>rtl-wmbus lines {@code T1;1;1;2019-04-03 19:00:42.000;97;148;33225544;0x1844...}: mode, CRC ok,
 *       3-out-of-6 ok, time, RSSI, link quality, id, frame (CRCs removed). Lines whose CRC flag is 0
 *       are dropped (rtl-wmbus could not check them). rtl-wmbus' RSSI is the SDR's signal level, not
 *       dBm; it is passed on as it is (comparable between rtl-wmbus receivers only).</li>
 * </ul>
 * Empty lines and lines starting with {@code #} are ignored; CR LF and LF both end a line. A line
 * longer than {@value #MAX_LINE} characters is dropped ({@code TOO_LONG}) up to its end.
 */
public final class HexLines {
    /** Longest line: a 255-byte format A frame (289 bytes with CRCs) in hex plus rtl-wmbus fields. */
    public static final int MAX_LINE = 1024;

    private HexLines() {
    }

    public static FrameParser parser(String receiverId, FrameListener listener, Clock clock, FrameFormat format) {
        return new Parser(receiverId, listener, clock, format == null ? FrameFormat.AUTO : format);
    }

    /** The line for a frame: hex, and {@code ;rssi} when given. */
    public static String line(byte[] frame, Integer rssi) {
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(frame);
        return rssi == null ? hex : hex + ";" + rssi;
    }

    private static final class Parser implements FrameParser {
        private final String receiverId;
        private final FrameListener listener;
        private final Clock clock;
        private final FrameFormat format;
        private final char[] line = new char[MAX_LINE];
        private int len;
        private boolean overflow;
        private long lineNumber = 1;

        Parser(String receiverId, FrameListener listener, Clock clock, FrameFormat format) {
            this.receiverId = receiverId;
            this.listener = listener;
            this.clock = clock;
            this.format = format;
        }

        @Override
        public void feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = (char) (bytes[i] & 0xFF);
                if (c == '\n') {
                    endOfLine();
                } else if (overflow) {
                    continue;
                } else if (len == MAX_LINE) {
                    overflow = true;
                } else {
                    line[len++] = c;
                }
            }
        }

        @Override
        public void end() {
            if (len > 0 || overflow) {
                endOfLine();
            }
        }

        private void endOfLine() {
            long no = lineNumber++;
            if (overflow) {
                listener.onError(new FramingException(FramingException.Kind.TOO_LONG, receiverId,
                        "line " + no + " longer than " + MAX_LINE + " characters: dropped"));
            } else {
                String text = new String(line, 0, len).strip();
                if (!text.isEmpty() && !text.startsWith("#")) {
                    parseLine(text, no);
                }
            }
            len = 0;
            overflow = false;
        }

        private void parseLine(String text, long no) {
            String[] fields = text.split(";", -1);
            String hex;
            Integer rssi = null;
            FrameFormat f = format;
            if (fields.length >= 8) {
                // rtl-wmbus: MODE;CRC_OK;3OF6_OK;TIME;RSSI;LQ;ID;0xFRAME
                if (!fields[1].strip().equals("1")) {
                    listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId,
                            "line " + no + ": rtl-wmbus marks the CRC as failed (field 2 = " + fields[1].strip()
                                    + "): dropped"));
                    return;
                }
                hex = fields[7];
                rssi = number(fields[4], no, "RSSI (field 5)");
                if (rssi == Integer.MIN_VALUE) {
                    return;
                }
                if (format == FrameFormat.AUTO) {
                    f = FrameFormat.NO_CRC; // rtl-wmbus checks and removes the CRCs
                }
            } else if (fields.length == 2) {
                hex = fields[0];
                rssi = fields[1].isBlank() ? null : number(fields[1], no, "RSSI (after ';')");
                if (rssi != null && rssi == Integer.MIN_VALUE) {
                    return;
                }
            } else if (fields.length == 1) {
                hex = fields[0];
            } else {
                listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId, "line " + no
                        + ": " + fields.length + " fields; expected HEX, HEX;RSSI or an rtl-wmbus line (8 fields)"));
                return;
            }
            byte[] frame = parseHex(hex.strip(), no);
            if (frame == null) {
                return;
            }
            if (frame.length < 11) {
                listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId, "line " + no
                        + ": " + frame.length + " bytes is not a wireless M-Bus frame (at least 11, L first)"));
                return;
            }
            listener.onFrame(new ReceivedFrame(receiverId, frame, f, rssi, clock.instant()));
        }

        private Integer number(String s, long no, String what) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId, "line " + no
                        + ": " + what + " '" + s.strip() + "' is not a whole number"));
                return Integer.MIN_VALUE;
            }
        }

        private byte[] parseHex(String s, long no) {
            String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
            h = h.replace(" ", "").replace("\t", "");
            if (h.length() % 2 != 0) {
                listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId, "line " + no
                        + ": odd number of hex digits (" + h.length() + ")"));
                return null;
            }
            byte[] out = new byte[h.length() / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(h.charAt(2 * i), 16);
                int lo = Character.digit(h.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    int at = hi < 0 ? 2 * i : 2 * i + 1;
                    listener.onError(new FramingException(FramingException.Kind.BAD_LINE, receiverId, "line " + no
                            + ": '" + h.charAt(at) + "' at hex digit " + (at + 1) + " is not hex"));
                    return null;
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }
    }
}
