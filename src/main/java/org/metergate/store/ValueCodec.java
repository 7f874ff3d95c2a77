package org.metergate.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The packed text form of a readout's values (see V3__values.sql): entries {@code seq=decimal} (BigDecimal.toString(): exact with its scale, e.g. 12.340, 3.5E+4) or
 * {@code seq'text} separated by ';', where seq is the series' number within its meter; in text
 * values '%' and ';' are escaped as %25 and %3B. Cut into chunks of at most {@link #CHUNK} characters
 * at entry boundaries.
 */
final class ValueCodec {

    static final int CHUNK = 2000;

    /** A decoded entry: the series number within the meter and the number or the text. */
    record Entry(int seq, BigDecimal number, String text) {}

    private ValueCodec() {}

    static List<String> pack(int[] seqs, List<ValueRow> values) {
        List<String> chunks = new ArrayList<>(1);
        StringBuilder chunk = new StringBuilder(Math.min(CHUNK, 16 * values.size() + 16));
        StringBuilder entry = new StringBuilder(32);
        for (int i = 0; i < values.size(); i++) {
            entry.setLength(0);
            ValueRow v = values.get(i);
            entry.append(seqs[i]);
            if (v.number() != null) {
                entry.append('=').append(v.number().toString()); // exact: new BigDecimal(toString()) equals it, scale included
            } else {
                entry.append('\'');
                escape(v.text(), entry);
            }
            if (entry.length() > CHUNK) {
                throw new StoreException("value of " + v.series() + " is too long to store (" + entry.length() + " characters)");
            }
            if (chunk.length() + 1 + entry.length() > CHUNK) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            if (chunk.length() > 0) {
                chunk.append(';');
            }
            chunk.append(entry);
        }
        if (chunk.length() > 0) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                out.append("%25");
            } else if (c == ';') {
                out.append("%3B");
            } else {
                out.append(c);
            }
        }
    }

    private static String unescape(String s, int from, int to) {
        if (s.indexOf('%', from) < 0 || s.indexOf('%', from) >= to) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < to) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Calls {@code sink} for each entry of a chunk. */
    static void unpack(String chunk, java.util.function.Consumer<Entry> sink) {
        if (chunk == null || chunk.isEmpty()) {
            return;
        }
        int i = 0;
        int n = chunk.length();
        while (i < n) {
            int end = chunk.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int seq = 0;
            int j = i;
            char c;
            while ((c = chunk.charAt(j)) >= '0' && c <= '9') {
                seq = seq * 10 + (c - '0');
                j++;
            }
            if (c == '=') {
                sink.accept(new Entry(seq, new BigDecimal(chunk.substring(j + 1, end)), null));
            } else if (c == '\'') {
                sink.accept(new Entry(seq, null, unescape(chunk, j + 1, end)));
            } else {
                throw new StoreException("corrupt packed value at " + j + ": " + chunk.substring(i, end));
            }
            i = end + 1;
        }
    }

    /** Only the entries of one series number (or all when {@code onlySeq} < 0), without parsing the others. */
    static void unpack(String chunk, int onlySeq, java.util.function.Consumer<Entry> sink) {
        if (onlySeq < 0) {
            unpack(chunk, sink);
            return;
        }
        if (chunk == null || chunk.isEmpty()) {
            return;
        }
        String eq = onlySeq + "=";
        String tx = onlySeq + "'";
        int i = 0;
        int n = chunk.length();
        while (i < n) {
            int end = chunk.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            if (chunk.startsWith(eq, i)) {
                sink.accept(new Entry(onlySeq, new BigDecimal(chunk.substring(i + eq.length(), end)), null));
            } else if (chunk.startsWith(tx, i)) {
                sink.accept(new Entry(onlySeq, null, unescape(chunk, i + tx.length(), end)));
            }
            i = end + 1;
        }
    }

    static String frame(byte[] frame) {
        return Base64.getEncoder().encodeToString(frame);
    }

    static byte[] frame(String text) {
        return text == null ? null : Base64.getDecoder().decode(text);
    }
}
