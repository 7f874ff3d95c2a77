package org.metergate.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the gateway's cron dialect (manual section 6.39, table 11) into one {@link CronExpression}
 * per combined expression.
 *
 * <p>Grammar, per field: a comma-separated list of elements; an element is {@code *}, a value, a
 * range {@code a-b}, any of those followed by a step {@code /n} ({@code a/n} means {@code a-max/n}),
 * or {@code ?} optionally followed by a value or range, meaning one value chosen at random in that
 * range (the whole field range for a bare {@code ?}). Expressions are combined with {@code |} or,
 * as table 11 writes them, simply one after the other (a field count that is a multiple of 5).
 *
 * <p>Every problem becomes a {@link CronSyntaxException} with a character offset; the parser never
 * lets another exception escape (numbers are length-checked before conversion, for example).
 */
final class CronParser {

    /** Long enough for any sensible combination, short enough that nobody can feed megabytes into a settings field. */
    static final int MAX_LENGTH = 4096;

    private static final CronField[] FIELDS = CronField.values();

    private final String text;
    private final long seed;
    /** Counts the {@code ?} elements in textual order; each gets its own draw from the seed. */
    private int randomIndex;

    private CronParser(String text, long seed) {
        this.text = text;
        this.seed = seed;
    }

    static List<CronExpression> parse(String text, long seed) {
        if (text == null) {
            throw new CronSyntaxException("expression is missing", 0, null);
        }
        if (text.length() > MAX_LENGTH) {
            throw new CronSyntaxException("expression longer than " + MAX_LENGTH + " characters", MAX_LENGTH, null);
        }
        return new CronParser(text, seed).expressions();
    }

    private record Token(String text, int offset) {
        int end() {
            return offset + text.length();
        }
    }

    private List<CronExpression> expressions() {
        List<CronExpression> result = new ArrayList<>();
        int segmentStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '|') {
                segment(segmentStart, i, result);
                segmentStart = i + 1;
            }
        }
        return List.copyOf(result);
    }

    private void segment(int from, int to, List<CronExpression> out) {
        List<Token> tokens = new ArrayList<>();
        int i = from;
        while (i < to) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            tokens.add(new Token(text.substring(start, i), start));
        }
        if (tokens.isEmpty()) {
            throw new CronSyntaxException(from == 0 && to == text.length()
                    ? "expression is empty"
                    : "empty expression between '|' separators", from, null);
        }
        int rest = tokens.size() % FIELDS.length;
        if (rest != 0) {
            CronField missing = FIELDS[rest];
            throw new CronSyntaxException("expression has " + tokens.size() + " fields but needs 5 (minute hour"
                    + " day-of-month month day-of-week, or a multiple of 5 for several expressions): "
                    + missing.label() + " missing", tokens.get(tokens.size() - 1).end(), missing);
        }
        for (int g = 0; g < tokens.size(); g += FIELDS.length) {
            FieldValues[] values = new FieldValues[FIELDS.length];
            String[] resolved = new String[FIELDS.length];
            for (int f = 0; f < FIELDS.length; f++) {
                StringBuilder shown = new StringBuilder();
                values[f] = field(FIELDS[f], tokens.get(g + f), shown);
                resolved[f] = shown.toString();
            }
            out.add(new CronExpression(values[0], values[1], values[2], values[3], values[4],
                    String.join(" ", resolved)));
        }
    }

    /** Parses one field token; appends its display form (random values replaced by the chosen ones) to {@code shown}. */
    private FieldValues field(CronField field, Token token, StringBuilder shown) {
        long bits = 0;
        String t = token.text();
        int elementStart = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i == t.length() || t.charAt(i) == ',') {
                if (i == elementStart) {
                    throw new CronSyntaxException(field.label() + ": empty list element", token.offset() + i, field);
                }
                if (elementStart > 0) {
                    shown.append(',');
                }
                bits |= element(field, t.substring(elementStart, i), token.offset() + elementStart, shown);
                elementStart = i + 1;
            }
        }
        if (field == CronField.DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
            bits = (bits & ~(1L << 7)) | 1L; // 7 is Sunday, stored as 0
        }
        return new FieldValues(field, bits);
    }

    private long element(CronField field, String e, int offset, StringBuilder shown) {
        Cursor c = new Cursor(field, e, offset);
        if (c.peek() == '?') {
            c.next();
            int lo = field.min();
            int hi = field.randomMax();
            if (c.atEnd()) {
                // bare '?': the whole range
            } else if (c.peek() == '*') {
                c.next();
            } else {
                int loPos = c.position();
                lo = c.value(false);
                hi = lo;
                if (!c.atEnd() && c.peek() == '-') {
                    c.next();
                    hi = sundayAsRangeEnd(field, lo, c.value(true));
                    checkOrder(field, lo, hi, loPos);
                }
            }
            if (!c.atEnd()) {
                throw c.error(c.peek() == '/'
                        ? "a step cannot follow a random '?' value"
                        : "unexpected '" + c.peek() + "' after a random '?' value");
            }
            int chosen = lo + (int) Math.floorMod(mix(seed, randomIndex++), (long) (hi - lo + 1));
            shown.append(chosen);
            return 1L << chosen;
        }
        shown.append(e);
        int lo;
        int hi;
        boolean explicitEnd = false;
        if (c.peek() == '*') {
            c.next();
            lo = field.min();
            hi = field.max();
        } else {
            int loPos = c.position();
            lo = c.value(false);
            hi = lo;
            if (!c.atEnd() && c.peek() == '-') {
                c.next();
                hi = sundayAsRangeEnd(field, lo, c.value(true));
                checkOrder(field, lo, hi, loPos);
                explicitEnd = true;
            }
        }
        int step = 1;
        if (!c.atEnd() && c.peek() == '/') {
            c.next();
            int stepPos = c.position();
            step = c.number("step");
            int span = field.max() - field.min() + 1;
            if (step < 1 || step > span) {
                throw new CronSyntaxException(field.label() + " step " + step + " out of range 1-" + span, stepPos, field);
            }
            if (!explicitEnd) {
                hi = field.max(); // "a/n" = from a to the end of the range
            }
        }
        if (!c.atEnd()) {
            throw c.error("unexpected '" + c.peek() + "'");
        }
        long bits = 0;
        for (int v = lo; v <= hi; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    /** "fri-sun" / "5-0": Sunday written as the end of a day-of-week range means 7, not 0. */
    private static int sundayAsRangeEnd(CronField field, int lo, int hi) {
        return field == CronField.DAY_OF_WEEK && hi == 0 && lo > 0 ? 7 : hi;
    }

    private static void checkOrder(CronField field, int lo, int hi, int position) {
        if (lo > hi) {
            throw new CronSyntaxException(field.label() + " range " + lo + "-" + hi
                    + " runs backwards (start after end)", position, field);
        }
    }

    /**
     * SplitMix64's finaliser over seed and index: a fixed formula, so the value picked for a
     * {@code ?} stays the same across JDK versions (java.util.Random's algorithms carry no such promise
     * for every method).
     */
    static long mix(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Reads values, names and numbers out of one list element, tracking the offset for errors. */
    private static final class Cursor {
        private final CronField field;
        private final String s;
        private final int base;
        private int i;

        Cursor(CronField field, String s, int base) {
            this.field = field;
            this.s = s;
            this.base = base;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void next() {
            i++;
        }

        int position() {
            return base + i;
        }

        CronSyntaxException error(String what) {
            return new CronSyntaxException(field.label() + ": " + what, position(), field);
        }

        /** A number or (for month and day-of-week) a name, checked against the field's range. */
        int value(boolean rangeEnd) {
            int start = position();
            if (atEnd()) {
                throw error(rangeEnd ? "range end missing" : "value missing");
            }
            char ch = peek();
            if (Character.isLetter(ch)) {
                int from = i;
                while (!atEnd() && Character.isLetter(peek())) {
                    next();
                }
                String name = s.substring(from, i);
                int v = field.valueOfName(name.toLowerCase(java.util.Locale.ROOT));
                if (v < 0) {
                    throw new CronSyntaxException(field.label() + ": unknown name '" + name + "'"
                            + (field.hasNames() ? field.nameHint() : " (this field takes numbers only)"), start, field);
                }
                return v;
            }
            int v = number(null);
            if (v < field.min() || v > field.max()) {
                throw new CronSyntaxException(field.label() + " " + v + " out of range " + field.min() + "-"
                        + field.max(), start, field);
            }
            return v;
        }

        /** Unsigned decimal digits, at most 4 of them (nothing in any field needs more), so parsing cannot overflow. */
        int number(String what) {
            int start = position();
            int from = i;
            while (!atEnd() && peek() >= '0' && peek() <= '9') {
                next();
            }
            if (from == i) {
                String expected = what == null ? "a number" + field.nameHint() : "a number for the " + what;
                throw new CronSyntaxException(field.label() + ": expected " + expected
                        + (atEnd() ? "" : " but found '" + peek() + "'"), start, field);
            }
            if (i - from > 4) {
                throw new CronSyntaxException(field.label() + " " + s.substring(from, i) + " out of range "
                        + (what == null ? field.min() + "-" + field.max() : "(too large)"), start, field);
            }
            return Integer.parseInt(s.substring(from, i));
        }
    }
}
