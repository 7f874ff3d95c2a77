package org.metergate.bus;

/**
 * The 8 identification nibbles of a selection mask, first digit in the top nibble (as a meter's id
 * reads). Nibble F is the wildcard: a mask is the set of ids that agree with it on every other
 * nibble (a cylinder). An id nibble F is a literal value that only the wildcard matches.
 */
record IdMask(int bits) {

    static final int WILD = 0xF;
    static final IdMask ALL = new IdMask(0xFFFFFFFF);

    static IdMask of(String id) {
        return new IdMask((int) Long.parseLong(id, 16));
    }

    int nibble(int position) {
        return (bits >>> (28 - 4 * position)) & 0xF;
    }

    boolean isWild(int position) {
        return nibble(position) == WILD;
    }

    IdMask with(int position, int value) {
        int shift = 28 - 4 * position;
        return new IdMask((bits & ~(0xF << shift)) | (value << shift));
    }

    /** Fixed (non-wildcard) nibbles. */
    int depth() {
        int d = 0;
        for (int p = 0; p < 8; p++) {
            if (!isWild(p)) {
                d++;
            }
        }
        return d;
    }

    /** Whether every id that {@code inner} selects is also selected by this mask. */
    boolean contains(IdMask inner) {
        for (int p = 0; p < 8; p++) {
            int n = nibble(p);
            if (n != WILD && n != inner.nibble(p)) {
                return false;
            }
        }
        return true;
    }

    boolean intersects(IdMask other) {
        for (int p = 0; p < 8; p++) {
            int a = nibble(p);
            int b = other.nibble(p);
            if (a != WILD && b != WILD && a != b) {
                return false;
            }
        }
        return true;
    }

    /** The ids both select; only meaningful when they {@link #intersects intersect}. */
    IdMask intersection(IdMask other) {
        int out = bits;
        for (int p = 0; p < 8; p++) {
            if (isWild(p)) {
                out = new IdMask(out).with(p, other.nibble(p)).bits;
            }
        }
        return new IdMask(out);
    }

    /** The smallest mask selecting both: nibbles where they differ become wildcards. */
    IdMask join(IdMask other) {
        IdMask out = this;
        for (int p = 0; p < 8; p++) {
            if (nibble(p) != other.nibble(p)) {
                out = out.with(p, WILD);
            }
        }
        return out;
    }

    /** Whether the meter with this id (F nibbles literal) answers the mask. */
    boolean selects(int id) {
        for (int p = 0; p < 8; p++) {
            int n = nibble(p);
            if (n != WILD && n != ((id >>> (28 - 4 * p)) & 0xF)) {
                return false;
            }
        }
        return true;
    }

    String text() {
        return String.format("%08X", bits);
    }

    @Override
    public String toString() {
        return text();
    }
}
