package org.metergate.wmbus;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.metergate.mbus.Bytes;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;
import org.metergate.wmbus.WmbusException.Reason;

/**
 * Wireless M-Bus decoder (EN 13757-4 link layer, EN 13757-7 / OMS transport and security layers,
 * EN 13757-3 application layer through {@link TelegramDecoder}).
 *
 * <p>Layers handled, in frame order: the link layer (format A, B or CRCs stripped; L, C, M, A,
 * CI), the extended link layer (CI 8Ch-8Fh; AES-128-CTR encryption with the payload CRC as the
 * check), the authentication and fragmentation layer (CI 90h; single fragments; AES-CMAC MAC
 * checked for security mode 7), the transport layer (CI 7Ah short header, 72h long header, 78h none,
 * 79h compact frame, 8Ah/8Bh header only) with security modes 0, 5 and 7, and the application
 * layer.
 *
 * <p>Every read is bounds-checked; the only exception is {@link WmbusException}, whose reason tells
 * a missing key ({@link Reason#NO_KEY}) from a wrong one ({@link Reason#DECRYPTION_FAILED}): an
 * encrypted telegram is never decoded without its 2F 2F (or MAC, or payload CRC) check passing.
 *
 * <p>Thread-safe: the key lookup and the compact frame cache are shared, the ciphers are per thread.
 */
public final class WmbusDecoder {
    /** Bytes of the link layer header: L, C, M(2), A(6). */
    static final int DLL_HEADER = 10;

    private static final ThreadLocal<Ciphers> CIPHERS = ThreadLocal.withInitial(Ciphers::new);

    private final KeyLookup keys;
    private final CompactFrameCache cache;

    public WmbusDecoder(KeyLookup keys, CompactFrameCache cache) {
        this.keys = keys == null ? KeyLookup.NONE : keys;
        this.cache = cache;
    }

    /** With a compact frame cache of 1024 formats. */
    public WmbusDecoder(KeyLookup keys) {
        this(keys, new CompactFrameCache(1024));
    }

    public WmbusDecoder() {
        this(KeyLookup.NONE);
    }

    public CompactFrameCache cache() {
        return cache;
    }

    public WmbusTelegram decode(byte[] frame, FrameFormat format) throws WmbusException {
        return decode(frame, format, null);
    }

    /**
     * Decodes one received frame.
     *
     * @param frame the bytes from L to the end (with or without CRCs as {@code format} says)
     * @param format how the CRCs are carried; {@link FrameFormat#AUTO} detects
     * @param rssi the receiver's signal strength in dBm, or null; passed through
     */
    public WmbusTelegram decode(byte[] frame, FrameFormat format, Integer rssi) throws WmbusException {
        Run r = new Run(frame, format);
        return r.decode(rssi);
    }

    /** The per-thread AES ciphers (Cipher.getInstance is far too slow to call per telegram). */
    private static final class Ciphers {
        final Cipher cbc;
        final Cipher ecb;
        final Cipher ctr;

        Ciphers() {
            try {
                cbc = Cipher.getInstance("AES/CBC/NoPadding");
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is part of every JDK", e);
            }
        }
    }

    /** One decode: the frame without CRCs and the position mapping back to the received bytes. */
    private final class Run {
        private final byte[] raw;
        private byte[] f;
        private int n;
        private FrameFormat format;
        private LinkHeader link;

        Run(byte[] raw, FrameFormat format) {
            this.raw = raw;
            this.format = format == null ? FrameFormat.AUTO : format;
        }

        /** Offset in the received bytes of byte {@code i} of the frame without CRCs. */
        int at(int i) {
            return switch (format) {
                case A -> i < DLL_HEADER ? i : i + 2 + 2 * ((i - DLL_HEADER) / 16);
                case B -> i < 126 ? i : i + 2;
                default -> i;
            };
        }

        WmbusException fail(Reason reason, String what, int strippedOffset) {
            return new WmbusException(reason, what, strippedOffset < 0 ? -1 : at(strippedOffset), link);
        }

        void need(int pos, int count, String what) throws WmbusException {
            if (n - pos < count) {
                throw fail(Reason.TRUNCATED, "premature end of " + what + ": " + count + " bytes needed, "
                        + Math.max(0, n - pos) + " left", Math.min(pos, n));
            }
        }

        int u8(int i) {
            return f[i] & 0xFF;
        }

        int le16(int i) {
            return (f[i] & 0xFF) | (f[i + 1] & 0xFF) << 8;
        }

        long le32(int i) {
            return (le16(i) | (long) le16(i + 2) << 16) & 0xFFFFFFFFL;
        }

        WmbusTelegram decode(Integer rssi) throws WmbusException {
            strip();
            if (n < DLL_HEADER + 1) {
                throw new WmbusException(Reason.TRUNCATED, "a frame needs at least 11 bytes (L C M A CI), found "
                        + n, raw.length, null);
            }
            MeterId dll = new MeterId(le16(2), (int) le32(4), u8(8), u8(9));
            link = new LinkHeader(format, u8(0), u8(1), dll, u8(DLL_HEADER));
            int p = DLL_HEADER;
            Ell ell = null;
            Optional<KeyEntry> usedKey = Optional.empty();
            int ci = u8(p);
            if (ci >= 0x8C && ci <= 0x8F) {
                EllResult res = ell(p, ci, dll);
                ell = res.ell();
                p = res.next();
                usedKey = res.key();
                need(p, 1, "frame (CI field after the extended link layer)");
                ci = u8(p);
            }
            Afl afl = null;
            if (ci == 0x90) {
                afl = afl(p);
                p += 2 + u8(p + 1);
                need(p, 1, "frame (CI field after the AFL)");
                ci = u8(p);
            }
            return tpl(p, ci, dll, ell, afl, usedKey, rssi);
        }

        // ---------------------------------------------------------------- link layer

        void strip() throws WmbusException {
            if (raw.length == 0) {
                throw new WmbusException(Reason.TRUNCATED, "empty frame", 0, null);
            }
            int l = raw[0] & 0xFF;
            switch (format) {
                case A -> stripA(l, true);
                case B -> stripB(l, true);
                case NO_CRC -> stripNone(l);
                default -> {
                    if (raw.length == l + 1) {
                        if (l >= 12 && crcsOkB(l)) {
                            format = FrameFormat.B;
                            stripB(l, false);
                        } else {
                            format = FrameFormat.NO_CRC;
                            stripNone(l);
                        }
                    } else if (l >= 9 && raw.length == lengthA(l)) {
                        format = FrameFormat.A;
                        stripA(l, true);
                    } else {
                        throw new WmbusException(Reason.MALFORMED, "length " + raw.length + " fits no frame format"
                                + " for L=" + l + " (" + (l + 1) + " bytes without CRCs or in format B, "
                                + (l >= 9 ? lengthA(l) : "-") + " in format A)", 0, null);
                    }
                }
            }
        }

        /** Received length of a format A frame with length field {@code l} (l >= 9). */
        int lengthA(int l) {
            int rest = l - 9;
            return 1 + l + 2 + 2 * ((rest + 15) / 16);
        }

        void stripA(int l, boolean check) throws WmbusException {
            if (l < 9) {
                throw new WmbusException(Reason.MALFORMED, "L=" + l + " is shorter than the link layer header", 0,
                        null);
            }
            int expected = lengthA(l);
            if (raw.length < expected) {
                throw new WmbusException(Reason.TRUNCATED, "format A frame with L=" + l + " needs " + expected
                        + " bytes, found " + raw.length, raw.length, null);
            }
            if (raw.length > expected) {
                throw new WmbusException(Reason.MALFORMED, (raw.length - expected)
                        + " bytes after the end of the format A frame (L=" + l + ")", expected, null);
            }
            n = l + 1;
            f = new byte[n];
            int src = 0;
            int dst = 0;
            int block = 0;
            while (dst < n) {
                int len = block == 0 ? DLL_HEADER : Math.min(16, n - dst);
                if (check) {
                    checkCrc(src, src + len, "format A block " + (block + 1));
                }
                System.arraycopy(raw, src, f, dst, len);
                src += len + 2;
                dst += len;
                block++;
            }
        }

        boolean crcsOkB(int l) {
            int total = l + 1;
            if (total <= 128) {
                return crcAt(0, total - 2);
            }
            return crcAt(0, 126) && crcAt(128, total - 2);
        }

        boolean crcAt(int from, int to) {
            return to + 2 <= raw.length && Crc16.of(raw, from, to) == ((raw[to] & 0xFF) << 8 | (raw[to + 1] & 0xFF));
        }

        void checkCrc(int from, int to, String what) throws WmbusException {
            if (!crcAt(from, to)) {
                int got = (raw[to] & 0xFF) << 8 | (raw[to + 1] & 0xFF);
                throw new WmbusException(Reason.CRC, String.format("CRC error in %s: %04X received, %04X computed",
                        what, got, Crc16.of(raw, from, to)), to, null);
            }
        }

        void stripB(int l, boolean check) throws WmbusException {
            int total = l + 1;
            if (l < 12) {
                throw new WmbusException(Reason.MALFORMED, "format B frame with L=" + l
                        + " has no room for the header, CI and CRC", 0, null);
            }
            if (raw.length < total) {
                throw new WmbusException(Reason.TRUNCATED, "format B frame with L=" + l + " needs " + total
                        + " bytes, found " + raw.length, raw.length, null);
            }
            if (raw.length > total) {
                throw new WmbusException(Reason.MALFORMED, (raw.length - total)
                        + " bytes after the end of the format B frame (L=" + l + ")", total, null);
            }
            if (total <= 128) {
                if (check) {
                    checkCrc(0, total - 2, "format B block 2");
                }
                n = total - 2;
                f = java.util.Arrays.copyOf(raw, n);
            } else {
                if (total < 131) {
                    throw new WmbusException(Reason.MALFORMED, "format B block 3 is empty (L=" + l + ")", 128,
                            null);
                }
                if (check) {
                    checkCrc(0, 126, "format B block 2");
                    checkCrc(128, total - 2, "format B block 3");
                }
                n = total - 4;
                f = new byte[n];
                System.arraycopy(raw, 0, f, 0, 126);
                System.arraycopy(raw, 128, f, 126, total - 2 - 128);
            }
        }

        void stripNone(int l) throws WmbusException {
            if (raw.length < l + 1) {
                throw new WmbusException(Reason.TRUNCATED, "frame with L=" + l + " needs " + (l + 1)
                        + " bytes, found " + raw.length, raw.length, null);
            }
            if (raw.length > l + 1) {
                throw new WmbusException(Reason.MALFORMED, (raw.length - l - 1)
                        + " bytes after the end of the frame (L=" + l + ")", l + 1, null);
            }
            n = raw.length;
            f = raw.clone();
        }

        // ---------------------------------------------------------------- extended link layer

        EllResult ell(int p, int ci, MeterId dll) throws WmbusException {
            boolean hasAddress = ci == 0x8E || ci == 0x8F;
            boolean hasSession = ci == 0x8D || ci == 0x8F;
            int len = 3 + (hasAddress ? 8 : 0) + (hasSession ? 6 : 0);
            need(p, len, String.format("extended link layer (CI %02X)", ci));
            int cc = u8(p + 1);
            int acc = u8(p + 2);
            int q = p + 3;
            MeterId a2 = null;
            if (hasAddress) {
                a2 = new MeterId(le16(q), (int) le32(q + 2), u8(q + 6), u8(q + 7));
                q += 8;
            }
            long sn = -1;
            int enc = -1;
            Optional<KeyEntry> used = Optional.empty();
            if (hasSession) {
                sn = le32(q);
                enc = (int) (sn >>> 29) & 7;
                int snAt = q;
                q += 4;
                int crcAt = q;
                if (enc == 1) {
                    Optional<KeyEntry> key = keys.find(dll);
                    if (key.isEmpty()) {
                        throw fail(Reason.NO_KEY, "no key for meter " + dll + " (ELL AES-CTR)", crcAt);
                    }
                    used = key;
                    ctrDecrypt(key.get().keyNoCopy(), snAt, cc, crcAt);
                } else if (enc != 0) {
                    throw fail(Reason.UNSUPPORTED, "ELL encryption " + enc + " (only 0 none and 1 AES-CTR)", snAt);
                }
                int crc = le16(crcAt); // the payload CRC is sent low byte first, unlike the block CRCs
                int computed = Crc16.of(f, crcAt + 2, n);
                if (crc != computed) {
                    if (enc == 1) {
                        throw fail(Reason.DECRYPTION_FAILED, "ELL payload CRC does not match after decryption "
                                + "(wrong key?)", crcAt);
                    }
                    throw fail(Reason.CRC, String.format("ELL payload CRC error: %04X received, %04X computed", crc,
                            computed), crcAt);
                }
                q += 2;
            }
            return new EllResult(new Ell(ci, cc, acc, sn, enc, a2), q, used);
        }

        /**
         * AES-128-CTR over f[from..n): counter block M(2) A(6) CC(1, hop counter bit cleared) SN(4) FN(2) BC(1),
         * FN and BC starting at 0 (EN 13757-4 ELL; checked against a Kamstrup telegram by its payload CRC).
         */
        void ctrDecrypt(byte[] key, int snAt, int cc, int from) throws WmbusException {
            byte[] iv = new byte[16];
            System.arraycopy(f, 2, iv, 0, 8);
            iv[8] = (byte) (cc & ~0x10); // the hop counter bit may change on the way (repeaters)
            System.arraycopy(f, snAt, iv, 9, 4);
            try {
                Cipher c = CIPHERS.get().ctr;
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                c.doFinal(f, from, n - from, f, from);
            } catch (GeneralSecurityException e) {
                throw fail(Reason.DECRYPTION_FAILED, "AES-CTR: " + e.getMessage(), from);
            }
        }

        // ---------------------------------------------------------------- AFL

        Afl afl(int p) throws WmbusException {
            need(p, 4, "AFL");
            int len = u8(p + 1);
            need(p + 2, len, "AFL");
            if (len < 2) {
                throw fail(Reason.MALFORMED, "AFL length " + len + " has no room for the fragmentation control", p + 1);
            }
            int fcl = le16(p + 2);
            // the fields the FCL announces must fill the AFL exactly; check before reading any of them
            boolean hasMcl = (fcl & 0x2000) != 0;
            int mcl = hasMcl && len >= 3 ? u8(p + 4) : -1;
            int macLen = 0;
            if ((fcl & 0x0400) != 0) {
                if (mcl < 0) {
                    throw fail(Reason.MALFORMED, "AFL MAC present without message control", p + 2);
                }
                macLen = switch (mcl & 0x0F) {
                    case 4 -> 4;
                    case 5 -> 8;
                    case 6 -> 12;
                    case 7 -> 16;
                    default -> throw fail(Reason.UNSUPPORTED, "AFL authentication type " + (mcl & 0x0F), p + 4);
                };
            }
            int expected = 2 + (hasMcl ? 1 : 0) + ((fcl & 0x0200) != 0 ? 2 : 0) + ((fcl & 0x0800) != 0 ? 4 : 0)
                    + macLen + ((fcl & 0x1000) != 0 ? 2 : 0);
            if (expected != len) {
                throw fail(Reason.MALFORMED, "AFL length " + len + " does not match its fields (" + expected
                        + " bytes)", p + 1);
            }
            int q = p + 4 + (hasMcl ? 1 : 0);
            int ki = -1;
            long mcr = -1;
            int ml = -1;
            if ((fcl & 0x0200) != 0) {
                ki = le16(q);
                q += 2;
            }
            if ((fcl & 0x0800) != 0) {
                mcr = le32(q);
                q += 4;
            }
            q += macLen;
            if ((fcl & 0x1000) != 0) {
                ml = le16(q);
            }
            if ((fcl & 0x4000) != 0 || (fcl & 0xFF) > 1) {
                throw fail(Reason.UNSUPPORTED, "fragmented message (AFL fragment " + (fcl & 0xFF)
                        + ", more fragments " + ((fcl & 0x4000) != 0) + "): reassembly is not implemented", p + 2);
            }
            return new Afl(fcl, mcl, ki, mcr, macLen, ml, false);
        }

        // ---------------------------------------------------------------- transport layer

        WmbusTelegram tpl(int p, int ci, MeterId dll, Ell ell, Afl afl, Optional<KeyEntry> usedKey,
                Integer rssi) throws WmbusException {
            int headerLen;
            switch (ci) {
                case 0x7A, 0x8A -> headerLen = 4;
                case 0x72, 0x8B -> headerLen = 12;
                case 0x78 -> headerLen = 0;
                case 0x79 -> {
                    return compact(p, dll, ell, afl, usedKey, rssi);
                }
                default -> throw fail(Reason.UNSUPPORTED, String.format("unsupported CI field %02X", ci), p);
            }
            need(p + 1, headerLen, String.format("transport layer header (CI %02X)", ci));
            int h = p + 1;
            MeterId meter = headerLen == 12 ? new MeterId(le16(h + 4), (int) le32(h), u8(h + 6), u8(h + 7)) : dll;
            int accessNumber = headerLen == 0 ? (ell != null ? ell.accessNumber() : -1) : u8(h + headerLen - 4);
            int cw = headerLen == 0 ? 0 : le16(h + headerLen - 2);
            int mode = (cw >> 8) & 0x1F;
            int dataStart = h + headerLen;
            int cfe = -1;
            if (mode == 7) {
                need(dataStart, 1, "configuration field extension");
                cfe = u8(dataStart);
                dataStart++;
            }
            if (mode != 0) {
                int blocks = (cw >> 4) & 0x0F;
                int len = 16 * blocks;
                if (mode != 5 && mode != 7) {
                    throw fail(Reason.UNSUPPORTED, "security mode " + mode + " (only 0, 5 and 7)", h + headerLen - 1);
                }
                if (blocks == 0) {
                    throw fail(Reason.MALFORMED, "security mode " + mode + " with 0 encrypted blocks", h + headerLen - 2);
                }
                if (n - dataStart < len) {
                    throw fail(Reason.TRUNCATED, blocks + " encrypted blocks need " + len + " bytes, "
                            + (n - dataStart) + " left", n);
                }
                Optional<KeyEntry> key = keys.find(meter);
                if (key.isEmpty()) {
                    throw fail(Reason.NO_KEY, "no key for meter " + meter + " (security mode " + mode + ")", dataStart);
                }
                usedKey = key;
                if (mode == 5) {
                    byte[] iv = new byte[16];
                    iv[0] = (byte) meter.manufacturerCode();
                    iv[1] = (byte) (meter.manufacturerCode() >> 8);
                    int id = meter.idBcd();
                    iv[2] = (byte) id;
                    iv[3] = (byte) (id >> 8);
                    iv[4] = (byte) (id >> 16);
                    iv[5] = (byte) (id >> 24);
                    iv[6] = (byte) meter.version();
                    iv[7] = (byte) meter.deviceType();
                    java.util.Arrays.fill(iv, 8, 16, (byte) accessNumber);
                    cbcDecrypt(key.get().keyNoCopy(), iv, dataStart, len);
                } else {
                    afl = mode7(key.get().keyNoCopy(), cfe, meter, afl, p, dataStart, len);
                }
                if (f[dataStart] != 0x2F || f[dataStart + 1] != 0x2F) {
                    throw fail(Reason.DECRYPTION_FAILED, "no 2F 2F after decryption (wrong key?)", dataStart);
                }
            }
            // the wired decoder gets header + data (without the mode 7 configuration field extension)
            int dataLen = headerLen + (n - dataStart);
            byte[] data = new byte[dataLen];
            System.arraycopy(f, h, data, 0, headerLen);
            int apCi = ci;
            if (ci == 0x8A || ci == 0x8B) {
                apCi = ci == 0x8A ? 0x7A : 0x72;
                dataLen = headerLen; // header only: whatever follows is not an M-Bus application layer
            } else {
                System.arraycopy(f, dataStart, data, headerLen, n - dataStart);
            }
            Telegram t = application(apCi, java.util.Arrays.copyOf(data, dataLen), h, headerLen, dataStart);
            if (ci == 0x78 || ci == 0x7A || ci == 0x72) {
                remember(dll, t);
            }
            return new WmbusTelegram(link, ell, afl, ci, meter, mode, accessNumber, usedKey, false, rssi, t);
        }

        Telegram application(int ci, byte[] data, int headerAt, int headerLen, int dataAt) throws WmbusException {
            try {
                return TelegramDecoder.decode(link.c(), 0, ci, Bytes.of(data));
            } catch (MbusDecodeException e) {
                // the wired decoder counts from a long frame's first byte (68 L L 68 C A CI = 7)
                int j = e.offset() - 7;
                int at = j < 0 || dataAt < 0 ? -1 : j < headerLen ? headerAt + j : dataAt + (j - headerLen);
                String msg = e.getMessage();
                int cut = msg.lastIndexOf(" at byte ");
                throw fail(Reason.APPLICATION, cut > 0 ? msg.substring(0, cut) : msg, at < 0 ? -1 : Math.min(at, n));
            }
        }

        void cbcDecrypt(byte[] key, byte[] iv, int from, int len) throws WmbusException {
            try {
                Cipher c = CIPHERS.get().cbc;
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                c.doFinal(f, from, len, f, from);
            } catch (GeneralSecurityException e) {
                throw fail(Reason.DECRYPTION_FAILED, "AES-CBC: " + e.getMessage(), from);
            }
        }

        /** OMS security mode 7: KDF-A keys from the AFL counter, MAC check, AES-CBC with a zero IV. */
        Afl mode7(byte[] master, int cfe, MeterId meter, Afl afl, int tplAt, int dataStart, int len)
                throws WmbusException {
            if ((cfe >> 4 & 3) != 1) {
                throw fail(Reason.UNSUPPORTED, "security mode 7 key derivation " + (cfe >> 4 & 3)
                        + " (only 1, KDF-A)", dataStart - 1);
            }
            if (afl == null || afl.messageCounter() < 0) {
                throw fail(Reason.MALFORMED, "security mode 7 without an AFL message counter", tplAt);
            }
            try {
                Cipher ecb = CIPHERS.get().ecb;
                byte[] kenc = derive(ecb, master, 0x00, afl.messageCounter(), meter.idBcd());
                if (afl.macLength() > 0) {
                    byte[] kmac = derive(ecb, master, 0x01, afl.messageCounter(), meter.idBcd());
                    // MAC input: MCL, the AFL fields the MCL names (KI, MCR, ML), then TPL to the end
                    int mcl = afl.mcl();
                    byte[] in = new byte[1 + 2 + 4 + 2 + (n - tplAt)];
                    int k = 0;
                    in[k++] = (byte) mcl;
                    if ((mcl & 0x10) != 0 && afl.keyInfo() >= 0) {
                        in[k++] = (byte) afl.keyInfo();
                        in[k++] = (byte) (afl.keyInfo() >> 8);
                    }
                    if ((mcl & 0x20) != 0) {
                        long c = afl.messageCounter();
                        in[k++] = (byte) c;
                        in[k++] = (byte) (c >> 8);
                        in[k++] = (byte) (c >> 16);
                        in[k++] = (byte) (c >> 24);
                    }
                    if ((mcl & 0x40) != 0 && afl.messageLength() >= 0) {
                        in[k++] = (byte) afl.messageLength();
                        in[k++] = (byte) (afl.messageLength() >> 8);
                    }
                    System.arraycopy(f, tplAt, in, k, n - tplAt);
                    k += n - tplAt;
                    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kmac, "AES"));
                    byte[] mac = AesCmac.mac(ecb, in, 0, k);
                    int macAt = tplAt - afl.macLength() - (afl.messageLength() >= 0 ? 2 : 0);
                    for (int i = 0; i < afl.macLength(); i++) {
                        if (mac[i] != f[macAt + i]) {
                            throw fail(Reason.DECRYPTION_FAILED, "AFL MAC does not match (wrong key or altered frame)",
                                    macAt);
                        }
                    }
                    afl = new Afl(afl.fcl(), afl.mcl(), afl.keyInfo(), afl.messageCounter(), afl.macLength(),
                            afl.messageLength(), true);
                }
                cbcDecrypt(kenc, new byte[16], dataStart, len);
                return afl;
            } catch (GeneralSecurityException e) {
                throw fail(Reason.DECRYPTION_FAILED, "AES: " + e.getMessage(), dataStart);
            }
        }

        // ---------------------------------------------------------------- compact frames

        WmbusTelegram compact(int p, MeterId dll, Ell ell, Afl afl, Optional<KeyEntry> usedKey, Integer rssi)
                throws WmbusException {
            need(p + 1, 4, "compact frame header (format signature, full frame CRC)");
            int signature = le16(p + 1);
            int fullCrc = le16(p + 3);
            CompactFrameCache.Format fmt = cache == null ? null : cache.get(dll, signature);
            if (fmt == null) {
                throw fail(Reason.UNKNOWN_FORMAT, String.format("compact frame with format signature %04X of meter %s:"
                        + " its full frame was not received yet", signature, dll), p + 1);
            }
            int q = p + 5;
            int total = 0;
            for (byte[] dv : fmt.dibVib()) {
                total += dv.length;
            }
            byte[] out = new byte[total + (n - q)];
            int o = 0;
            for (int r = 0; r < fmt.difs().length; r++) {
                byte[] dv = fmt.dibVib()[r];
                System.arraycopy(dv, 0, out, o, dv.length);
                o += dv.length;
                int dif = fmt.difs()[r];
                int size;
                if (dif == 0x0F || dif == 0x1F) {
                    size = n - q;
                } else if (dif == 0x7F) {
                    size = 0;
                } else if ((dif & 0x0F) == 0x0D) {
                    need(q, 1, "compact frame LVAR");
                    int lv = u8(q);
                    int len;
                    if (lv <= 0xBF) {
                        len = lv;
                    } else if (lv >= 0xC0 && lv <= 0xDF) {
                        len = lv & 0x0F;
                    } else if (lv >= 0xE0 && lv <= 0xEF) {
                        len = lv - 0xE0;
                    } else {
                        throw fail(Reason.UNSUPPORTED, String.format("LVAR %02X in a compact frame", lv), q);
                    }
                    size = 1 + len;
                } else {
                    size = SIZES[dif & 0x0F];
                }
                need(q, size, "compact frame data of record " + (r + 1));
                System.arraycopy(f, q, out, o, size);
                o += size;
                q += size;
            }
            int computed = Crc16.of(out, 0, o);
            if (computed != fullCrc) {
                throw fail(Reason.MALFORMED, String.format("compact frame data does not fit its cached format (full"
                        + " frame CRC %04X received, %04X computed)", fullCrc, computed), p + 3);
            }
            // whatever follows the records (idle fillers) is passed on as it is
            System.arraycopy(f, q, out, o, n - q);
            o += n - q;
            // offsets inside the rebuilt data have no place in the received frame: reported as -1
            Telegram t = application(0x78, java.util.Arrays.copyOf(out, o), p, 0, -1);
            int acc = ell != null ? ell.accessNumber() : -1;
            return new WmbusTelegram(link, ell, afl, 0x79, dll, 0, acc, usedKey, true, rssi, t);
        }

        /**
         * Keeps the format of a full frame for later compact frames. The signature is computed first,
         * without allocating; the format is only built for a signature not cached yet.
         */
        void remember(MeterId dll, Telegram t) {
            if (cache == null || t.records().isEmpty()) {
                return;
            }
            java.util.List<DataRecord> records = t.records();
            int count = records.size();
            int crc = 0;
            for (int i = 0; i < count; i++) {
                DataRecord r = records.get(i);
                Bytes dib = r.dib();
                for (int k = 0, len = dib.length(); k < len; k++) {
                    crc = Crc16.update(crc, dib.get(k));
                }
                Bytes vib = r.vib();
                for (int k = 0, len = vib.length(); k < len; k++) {
                    crc = Crc16.update(crc, vib.get(k));
                }
            }
            int signature = ~crc & 0xFFFF;
            if (cache.contains(dll, signature)) {
                return;
            }
            byte[][] dv = new byte[count][];
            int[] difs = new int[count];
            for (int i = 0; i < count; i++) {
                DataRecord r = records.get(i);
                byte[] dib = r.dib().toArray();
                byte[] vib = r.vib().toArray();
                byte[] b = java.util.Arrays.copyOf(dib, dib.length + vib.length);
                System.arraycopy(vib, 0, b, dib.length, vib.length);
                dv[i] = b;
                difs[i] = dib.length == 0 ? 0 : dib[0] & 0xFF;
            }
            cache.put(dll, signature, new CompactFrameCache.Format(dv, difs));
        }
    }

    private record EllResult(Ell ell, int next, Optional<KeyEntry> key) {
    }

    /** Data field size by DIF code (EN 13757-3 table 4); LVAR and specials handled apart. */
    private static final int[] SIZES = {0, 1, 2, 3, 4, 4, 6, 8, 0, 1, 2, 3, 4, 0, 6, 0};

    /** OMS KDF-A: CMAC(master, D || counter || id || 07 x 7), D 00 = Kenc, 01 = Kmac (meter to gateway). */
    static byte[] derive(Cipher ecb, byte[] master, int d, long counter, int id) throws GeneralSecurityException {
        byte[] in = new byte[16];
        in[0] = (byte) d;
        in[1] = (byte) counter;
        in[2] = (byte) (counter >> 8);
        in[3] = (byte) (counter >> 16);
        in[4] = (byte) (counter >> 24);
        in[5] = (byte) id;
        in[6] = (byte) (id >> 8);
        in[7] = (byte) (id >> 16);
        in[8] = (byte) (id >> 24);
        java.util.Arrays.fill(in, 9, 16, (byte) 0x07);
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"));
        return AesCmac.mac(ecb, in, 0, 16);
    }
}
