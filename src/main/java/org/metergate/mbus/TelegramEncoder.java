package org.metergate.mbus;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds RSP_UD telegrams (CI 72h, long header) from a header and records. The simulator uses it
 * to answer like a real meter; {@code TelegramDecoder.decode(rspUd(...))} gives the records back.
 */
public final class TelegramEncoder {
    private static final int HEADER = 12;

    private TelegramEncoder() {
    }

    /** One RSP_UD frame; fails when the records do not fit one telegram (use {@link #rspUdSequence}). */
    public static byte[] rspUd(int address, Header header, List<DataRecord> records) {
        return rspUd(ControlField.RSP_UD, address, header, records);
    }

    /** As {@link #rspUd(int, Header, List)} with a given C field (ACD/DFC bits set by the caller). */
    public static byte[] rspUd(int c, int address, Header header, List<DataRecord> records) {
        int size = HEADER;
        for (DataRecord r : records) {
            size += r.rawLength();
        }
        if (size > Frame.LongFrame.MAX_DATA) {
            throw new MbusEncodeException("records need " + size + " bytes, a telegram holds "
                    + Frame.LongFrame.MAX_DATA + "; use rspUdSequence");
        }
        byte[] data = new byte[size];
        header(header, data);
        int at = HEADER;
        for (DataRecord r : records) {
            r.copyRawTo(data, at);
            at += r.rawLength();
        }
        return FrameCodec.encode(new Frame.LongFrame(c, address, 0x72, Bytes.view(data, 0, size)));
    }

    /**
     * Spreads records over as many telegrams as needed; every telegram but the last ends with DIF
     * 1Fh ("more records follow"), the multi-telegram protocol of EN 13757-3. The access number
     * counts up per telegram.
     */
    public static List<byte[]> rspUdSequence(int address, Header header, List<DataRecord> records) {
        int room = Frame.LongFrame.MAX_DATA - HEADER - 1; // one byte kept for the 1Fh marker
        List<byte[]> out = new ArrayList<>();
        List<DataRecord> current = new ArrayList<>();
        int used = 0;
        int access = header.accessNumber();
        for (DataRecord r : records) {
            int len = r.rawLength();
            if (len > room) {
                throw new MbusEncodeException("record longer than a telegram");
            }
            if (used + len > room) {
                current.add(DataRecord.manufacturerData(Bytes.EMPTY, true));
                out.add(rspUd(address, withAccess(header, access), current));
                access = (access + 1) & 0xFF;
                current = new ArrayList<>();
                used = 0;
            }
            current.add(r);
            used += len;
        }
        out.add(rspUd(address, withAccess(header, access), current));
        return out;
    }

    private static Header withAccess(Header h, int access) {
        return h.withAccessNumber(access);
    }

    private static void header(Header h, byte[] b) {
        if (h.id() == null || h.manufacturerCode() < 0 || h.version() < 0 || h.fixedStructure()) {
            throw new MbusEncodeException("a CI 72h telegram needs a full header (id, manufacturer, version, medium)");
        }
        int id = h.idBcd();
        int man = h.manufacturerCode();
        b[0] = (byte) id;
        b[1] = (byte) (id >> 8);
        b[2] = (byte) (id >> 16);
        b[3] = (byte) (id >> 24);
        b[4] = (byte) man;
        b[5] = (byte) (man >> 8);
        b[6] = (byte) h.version();
        b[7] = (byte) h.medium();
        b[8] = (byte) h.accessNumber();
        b[9] = (byte) h.status();
        b[10] = (byte) h.signature();
        b[11] = (byte) (h.signature() >> 8);
    }

    /** A header for a meter: id as 8 digits, 3-letter manufacturer, version, medium code. */
    public static Header header(String id, String manufacturer, int version, int medium, int accessNumber, int status) {
        return Header.of(id, manufacturer, version, medium, accessNumber, status, 0);
    }
}
