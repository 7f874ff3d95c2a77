package org.metergate.mbus;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds frame boundaries in a byte stream as it arrives from a serial port or TCP gateway.
 *
 * <p>Bytes that cannot start a valid frame (line noise, half of a collided reply) are skipped one
 * at a time and counted, so the bus master can detect collisions. A candidate that fails its
 * length, checksum or stop-byte check is not trusted: only its first byte is dropped and the
 * search resumes, because a real frame may start inside the garbage. An incomplete frame stays
 * buffered until more bytes arrive or the caller gives up on it with {@link #abandonPartial()}
 * (response timeout). The buffer never holds more than one maximal frame, so memory is bounded.
 */
public final class FrameReader {
    private final boolean dropMasterFrames;
    private final byte[] buf = new byte[FrameCodec.MAX_FRAME * 2];
    private int len;
    private long discarded;
    private long echoes;

    /** A reader that returns every frame, including the master's own echoed requests. */
    public FrameReader() {
        this(false);
    }

    /**
     * @param dropMasterFrames drop frames with the PRM bit set (a master's own request echoed by
     *     a level converter) instead of returning them
     */
    public FrameReader(boolean dropMasterFrames) {
        this.dropMasterFrames = dropMasterFrames;
    }

    /** Feeds bytes and returns the frames completed by them, in order. */
    public List<Frame> feed(byte[] b, int off, int count) {
        List<Frame> out = new ArrayList<>(2);
        int i = off;
        int end = off + count;
        while (i < end) {
            int n = Math.min(buf.length - len, end - i);
            System.arraycopy(b, i, buf, len, n);
            len += n;
            i += n;
            scan(out);
        }
        return out;
    }

    public List<Frame> feed(byte[] b) {
        return feed(b, 0, b.length);
    }

    /** Bytes buffered for a frame that is not complete yet. */
    public int pending() {
        return len;
    }

    /** Bytes skipped because no valid frame started there: evidence of noise or a collision. */
    public long discardedBytes() {
        return discarded;
    }

    /** Master frames dropped as echoes. */
    public long droppedEchoes() {
        return echoes;
    }

    /**
     * Gives up on the buffered partial frame (e.g. after the response timeout): drops its first
     * byte and rescans the rest, which may contain complete frames. Returns those frames.
     */
    public List<Frame> abandonPartial() {
        List<Frame> out = new ArrayList<>(1);
        while (len > 0) {
            drop(1);
            scan(out);
        }
        return out;
    }

    /** Forgets everything buffered (e.g. before sending a new request). */
    public void clear() {
        discarded += len;
        len = 0;
    }

    private void scan(List<Frame> out) {
        int pos = 0;
        while (pos < len) {
            int need = candidateLength(pos);
            if (need < 0) {
                pos++;
                discarded++;
                continue;
            }
            if (need == 0 || pos + need > len) {
                break;
            }
            Frame f;
            try {
                f = FrameCodec.parse(buf, pos, need);
            } catch (MbusDecodeException e) {
                pos++;
                discarded++;
                continue;
            }
            pos += need;
            if (dropMasterFrames && isMasterFrame(f)) {
                echoes++;
            } else {
                out.add(f);
            }
        }
        compact(pos);
    }

    /** Length of a frame starting at {@code pos}; 0 when more bytes are needed to know; -1 when none can start. */
    private int candidateLength(int pos) {
        int start = buf[pos] & 0xFF;
        if (start == FrameCodec.ACK) {
            return 1;
        }
        if (start == FrameCodec.SHORT_START) {
            return 5;
        }
        if (start != FrameCodec.LONG_START) {
            return -1;
        }
        if (len - pos < 4) {
            int avail = len - pos;
            if (avail >= 3 && buf[pos + 1] != buf[pos + 2]) {
                return -1;
            }
            if (avail >= 2 && (buf[pos + 1] & 0xFF) < 3) {
                return -1;
            }
            return 0;
        }
        int l = buf[pos + 1] & 0xFF;
        if (l < 3 || buf[pos + 2] != buf[pos + 1] || (buf[pos + 3] & 0xFF) != FrameCodec.LONG_START) {
            return -1;
        }
        return l + 6;
    }

    private static boolean isMasterFrame(Frame f) {
        if (f instanceof Frame.ShortFrame s) {
            return ControlField.fromMaster(s.c());
        }
        if (f instanceof Frame.ControlFrame c) {
            return ControlField.fromMaster(c.c());
        }
        if (f instanceof Frame.LongFrame l) {
            return ControlField.fromMaster(l.c());
        }
        return false;
    }

    private void drop(int n) {
        discarded += n;
        compact(n);
    }

    private void compact(int from) {
        if (from > 0) {
            System.arraycopy(buf, from, buf, 0, len - from);
            len -= from;
        }
    }
}
