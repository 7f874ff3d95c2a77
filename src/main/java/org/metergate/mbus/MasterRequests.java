package org.metergate.mbus;

/** Builders for the frames a master sends (EN 13757-2 / -3). Each returns the wire bytes. */
public final class MasterRequests {
    /** Primary address used to talk to the meter selected by secondary address. */
    public static final int SELECTED = 0xFD;
    public static final int BROADCAST_WITH_REPLY = 0xFE;
    public static final int BROADCAST = 0xFF;

    public static final int CI_DATA_SEND = 0x51;
    public static final int CI_SELECTION = 0x52;
    public static final int CI_APPLICATION_RESET = 0x50;

    private MasterRequests() {
    }

    public static byte[] sndNke(int address) {
        return FrameCodec.encode(new Frame.ShortFrame(ControlField.SND_NKE, address));
    }

    /** REQ_UD2; {@code fcb} is the frame count bit the master toggles for every new readout. */
    public static byte[] reqUd2(int address, boolean fcb) {
        return FrameCodec.encode(new Frame.ShortFrame(ControlField.REQ_UD2 | (fcb ? ControlField.FCB : 0), address));
    }

    public static byte[] reqUd1(int address, boolean fcb) {
        return FrameCodec.encode(new Frame.ShortFrame(ControlField.REQ_UD1 | (fcb ? ControlField.FCB : 0), address));
    }

    /** SND_UD with any CI and data; empty data gives a control frame. */
    public static byte[] sndUd(int address, boolean fcb, int ci, byte[] data) {
        int c = ControlField.SND_UD | (fcb ? ControlField.FCB : 0);
        Frame f = data.length == 0
                ? new Frame.ControlFrame(c, address, ci)
                : new Frame.LongFrame(c, address, ci, Bytes.of(data));
        return FrameCodec.encode(f);
    }

    /** Application reset (CI 50h) without subcode. */
    public static byte[] applicationReset(int address, boolean fcb) {
        return sndUd(address, fcb, CI_APPLICATION_RESET, new byte[0]);
    }

    /** Application reset with a subcode byte (e.g. 10h = all telegrams, EN 13757-3 table 5). */
    public static byte[] applicationReset(int address, boolean fcb, int subcode) {
        return sndUd(address, fcb, CI_APPLICATION_RESET, new byte[] {(byte) subcode});
    }

    /** Select a meter by secondary address (wildcards allowed); it then answers on address 253. */
    public static byte[] selectSecondary(SecondaryAddress address) {
        return sndUd(SELECTED, false, CI_SELECTION, address.encode());
    }

    /** Set a new primary address: data record DIF 01, VIF 7A (bus address), 1 byte. */
    public static byte[] changePrimaryAddress(int address, int newAddress) {
        if (newAddress < 0 || newAddress > 250) {
            throw new MbusEncodeException("primary address must be 0..250: " + newAddress);
        }
        return sndUd(address, false, CI_DATA_SEND, new byte[] {0x01, 0x7A, (byte) newAddress});
    }

    /** Switch baud rate (CI B8h..BFh = 300..38400 baud). */
    public static byte[] switchBaudRate(int address, int baud) {
        int[] rates = {300, 600, 1200, 2400, 4800, 9600, 19200, 38400};
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] == baud) {
                return sndUd(address, false, 0xB8 + i, new byte[0]);
            }
        }
        throw new MbusEncodeException("unsupported baud rate " + baud);
    }

    /** A raw frame given by the user (send command): validated by parsing it, returned unchanged. */
    public static byte[] raw(byte[] frame) throws MbusDecodeException {
        FrameCodec.parse(frame);
        return frame.clone();
    }
}
