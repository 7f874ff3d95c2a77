package org.metergate.report.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The report's text writer: a char buffer without {@link java.io.BufferedWriter}'s lock per call (a
 * template writes a few characters at a time, tens of millions of times for a large value report),
 * encoding in 64 K blocks. Single-byte charsets (windows-1252, ISO-8859-*) encode through a 64 K table
 * built once per charset; for others, ASCII runs are copied byte for byte when the charset encodes ASCII
 * as itself (UTF-8) and the rest goes through the charset's encoder. Characters a charset cannot encode
 * become '?'. One thread only.
 */
public final class FastWriter extends Writer {

    private static final int SIZE = 1 << 16;

    private final OutputStream out;
    private final CharsetEncoder encoder;
    private final boolean asciiIdentity;
    private final byte[] table;
    private static final java.util.Map<Charset, byte[]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();
    private final char[] buf = new char[SIZE];
    private final byte[] bytes;
    private final ByteBuffer byteBuffer;
    private int n;

    public FastWriter(OutputStream out, Charset charset) {
        this.out = out;
        this.encoder = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPLACE)
                .onMalformedInput(CodingErrorAction.REPLACE);
        this.bytes = new byte[(int) Math.ceil(SIZE * (double) encoder.maxBytesPerChar()) + 16];
        this.byteBuffer = ByteBuffer.wrap(bytes);
        this.asciiIdentity = encodesAsciiAsItself(charset);
        this.table = encoder.maxBytesPerChar() == 1f ? TABLES.computeIfAbsent(charset, FastWriter::singleByteTable) : null;
    }

    /** Every char's byte in a single-byte charset; '?' (or the charset's replacement) where it has none. */
    private static byte[] singleByteTable(Charset charset) {
        CharsetEncoder e = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPLACE)
                .onMalformedInput(CodingErrorAction.REPLACE);
        char[] all = new char[65536];
        for (int c = 0; c < all.length; c++) {
            all[c] = Character.isSurrogate((char) c) ? '?' : (char) c;
        }
        try {
            ByteBuffer b = e.encode(CharBuffer.wrap(all));
            byte[] out = new byte[65536];
            if (b.remaining() != out.length) {
                return null;
            }
            b.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException x) {
            return null;
        }
    }

    private static boolean encodesAsciiAsItself(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] ascii = new byte[128];
        for (int i = 0; i < 128; i++) {
            ascii[i] = (byte) i;
        }
        return Arrays.equals(new String(ascii, StandardCharsets.US_ASCII).getBytes(charset), ascii);
    }

    @Override
    public void write(int c) throws IOException {
        if (n == SIZE) {
            drain();
        }
        buf[n++] = (char) c;
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        while (len > 0) {
            if (n == SIZE) {
                drain();
            }
            int k = Math.min(len, SIZE - n);
            s.getChars(off, off + k, buf, n);
            n += k;
            off += k;
            len -= k;
        }
    }

    @Override
    public void write(String s) throws IOException {
        write(s, 0, s.length());
    }

    /** Writes {@code s} with every {@code from} replaced by {@code to}. */
    public void writeReplacing(String s, char from, char to) throws IOException {
        int len = s.length();
        if (len > SIZE - n) {
            drain();
            if (len > SIZE) {
                write(s.replace(from, to));
                return;
            }
        }
        s.getChars(0, len, buf, n);
        for (int i = n, end = n + len; i < end; i++) {
            if (buf[i] == from) {
                buf[i] = to;
            }
        }
        n += len;
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        while (len > 0) {
            if (n == SIZE) {
                drain();
            }
            int k = Math.min(len, SIZE - n);
            System.arraycopy(c, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    private void drain() throws IOException {
        if (n == 0) {
            return;
        }
        if (table != null) {
            for (int i = 0; i < n; i++) {
                bytes[i] = table[buf[i]];
            }
            out.write(bytes, 0, n);
            n = 0;
            return;
        }
        int i = 0;
        if (asciiIdentity) {
            while (i < n && buf[i] < 0x80) {
                bytes[i] = (byte) buf[i];
                i++;
            }
        }
        if (i < n) { // the rest through the encoder
            encoder.reset();
            byteBuffer.clear();
            byteBuffer.position(i);
            CoderResult r = encoder.encode(CharBuffer.wrap(buf, i, n - i), byteBuffer, true);
            if (r.isError() || r.isOverflow()) {
                throw new IOException("cannot encode report text: " + r);
            }
            encoder.flush(byteBuffer);
            i = byteBuffer.position();
        }
        out.write(bytes, 0, i);
        n = 0;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
