package org.metergate.mbus;

/** C-field values of EN 13757-2 (table 1) and the bits a master toggles. */
public final class ControlField {
    private ControlField() {
    }

    public static final int SND_NKE = 0x40;
    /** SND_UD with FCV set; add {@link #FCB} to toggle. */
    public static final int SND_UD = 0x53;
    public static final int REQ_UD2 = 0x5B;
    public static final int REQ_UD1 = 0x5A;
    /** RSP_UD without ACD/DFC; a slave may set {@link #ACD} (0x20) and {@link #DFC} (0x10). */
    public static final int RSP_UD = 0x08;

    public static final int FCB = 0x20;
    public static final int ACD = 0x20;
    public static final int DFC = 0x10;
    /** PRM bit: set in every frame a master sends, clear in slave replies (used to drop echoes). */
    public static final int PRM = 0x40;

    public static boolean fromMaster(int c) {
        return (c & PRM) != 0;
    }

    /** An RSP_UD reply (function code 8), whatever its ACD/DFC bits say. */
    public static boolean isRspUd(int c) {
        return (c & 0x4F) == RSP_UD;
    }

    public static String name(int c) {
        if (!fromMaster(c)) {
            return (c & 0x0F) == 0x08 ? "RSP_UD" : "slave 0x" + Integer.toHexString(c);
        }
        return switch (c & 0x4F) {
            case 0x40 -> "SND_NKE";
            case 0x43 -> "SND_UD";
            case 0x4B -> "REQ_UD2";
            case 0x4A -> "REQ_UD1";
            default -> "master 0x" + Integer.toHexString(c);
        };
    }
}
