package org.metergate.wmbus;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sending side of {@link WmbusDecoder}, for the simulator and tests: builds an SND_NR telegram
 * with a short transport header (CI 7Ah) in security mode 0, 5 or 7 (mode 7 with an AFL carrying
 * the message counter and an 8-byte AES-CMAC, OMS security profile B) and frames it in format A,
 * B or without CRCs. The encrypted part is the application data behind 2F 2F, padded with 2F to
 * whole AES blocks, as meters do.
 */
public final class WmbusEncoder {

    /** What to send. */
    public record Plan(int c, MeterId meter, int accessNumber, int status, int securityMode, byte[] key,
            long messageCounter, byte[] records, FrameFormat format) {

        public Plan {
            if (securityMode != 0 && securityMode != 5 && securityMode != 7) {
                throw new IllegalArgumentException("security mode must be 0, 5 or 7, got " + securityMode);
            }
            if (securityMode != 0 && (key == null || key.length != 16)) {
                throw new IllegalArgumentException("security mode " + securityMode + " needs a 16-byte key");
            }
            if (accessNumber < 0 || accessNumber > 255 || status < 0 || status > 255) {
                throw new IllegalArgumentException("access number and status are bytes");
            }
            records = records.clone();
            key = key == null ? null : key.clone();
        }

        /** An unencrypted SND_NR (C = 44h) in the given format. */
        public static Plan plain(MeterId meter, int accessNumber, byte[] records, FrameFormat format) {
            return new Plan(0x44, meter, accessNumber, 0, 0, null, 0, records, format);
        }
    }

    private WmbusEncoder() {
    }

    public static byte[] encode(Plan p) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(64 + p.records().length);
        f.write(0); // L, set below
        f.write(p.c());
        MeterId m = p.meter();
        f.write(m.manufacturerCode());
        f.write(m.manufacturerCode() >> 8);
        le32(f, m.idBcd());
        f.write(m.version());
        f.write(m.deviceType());
        byte[] payload = p.records();
        byte[] tpl;
        if (p.securityMode() == 0) {
            tpl = concat(new byte[] {0x7A, (byte) p.accessNumber(), (byte) p.status(), 0, 0}, payload);
        } else {
            byte[] plain = padded(payload);
            int blocks = plain.length / 16;
            if (blocks > 15) {
                throw new IllegalArgumentException("at most 15 encrypted blocks (240 bytes), got " + blocks);
            }
            int cw = p.securityMode() << 8 | blocks << 4;
            if (p.securityMode() == 5) {
                byte[] iv = new byte[16];
                iv[0] = (byte) m.manufacturerCode();
                iv[1] = (byte) (m.manufacturerCode() >> 8);
                iv[2] = (byte) m.idBcd();
                iv[3] = (byte) (m.idBcd() >> 8);
                iv[4] = (byte) (m.idBcd() >> 16);
                iv[5] = (byte) (m.idBcd() >> 24);
                iv[6] = (byte) m.version();
                iv[7] = (byte) m.deviceType();
                Arrays.fill(iv, 8, 16, (byte) p.accessNumber());
                byte[] enc = cbc(p.key(), iv, plain);
                tpl = concat(new byte[] {0x7A, (byte) p.accessNumber(), (byte) p.status(), (byte) cw,
                        (byte) (cw >> 8)}, enc);
            } else {
                tpl = mode7(p, m, plain, cw);
            }
        }
        f.writeBytes(tpl);
        byte[] stripped = f.toByteArray();
        if (stripped.length > 256) {
            throw new IllegalArgumentException("frame too long (" + stripped.length + " bytes)");
        }
        stripped[0] = (byte) (stripped.length - 1);
        return WmbusFrames.frame(stripped, p.format());
    }

    /** AFL (FCL 2C00h: MCL, MCR, MAC) + TPL with configuration field extension 10h (KDF-A). */
    private static byte[] mode7(Plan p, MeterId m, byte[] plain, int cw) {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            byte[] kenc = WmbusDecoder.derive(ecb, p.key(), 0x00, p.messageCounter(), m.idBcd());
            byte[] kmac = WmbusDecoder.derive(ecb, p.key(), 0x01, p.messageCounter(), m.idBcd());
            byte[] enc = cbc(kenc, new byte[16], plain);
            byte[] tpl = concat(new byte[] {0x7A, (byte) p.accessNumber(), (byte) p.status(), (byte) cw,
                    (byte) (cw >> 8), 0x10}, enc);
            int mcl = 0x25; // MCR in the MAC, authentication type 5: AES-CMAC truncated to 8 bytes
            long c = p.messageCounter();
            byte[] counter = {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24)};
            byte[] macInput = concat(concat(new byte[] {(byte) mcl}, counter), tpl);
            byte[] mac = AesCmac.mac(kmac, macInput);
            byte[] afl = concat(concat(new byte[] {(byte) 0x90, 0x0F, 0x00, 0x2C, (byte) mcl}, counter),
                    Arrays.copyOf(mac, 8));
            return concat(afl, tpl);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /** 2F 2F + data, padded with 2F fillers to a multiple of 16 bytes. */
    static byte[] padded(byte[] records) {
        int len = 2 + records.length;
        int total = (len + 15) / 16 * 16;
        byte[] out = new byte[total];
        Arrays.fill(out, (byte) 0x2F);
        System.arraycopy(records, 0, out, 2, records.length);
        return out;
    }

    private static byte[] cbc(byte[] key, byte[] iv, byte[] plain) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
