package org.metergate.bus;

/**
 * What one secondary selection told the scan: nobody answered, exactly one meter answered (and was
 * read for its address, {@code meter}; null when it could not be read), or several answered.
 *
 * @param id the found meter's id nibbles, valid when {@code meter} is not null
 */
record Selection(Kind kind, FoundMeter meter, int id) {

    enum Kind { NONE, SINGLE, COLLISION }

    static final Selection NONE = new Selection(Kind.NONE, null, 0);
    static final Selection COLLISION = new Selection(Kind.COLLISION, null, 0);

    boolean resolves() {
        return kind != Kind.COLLISION;
    }
}
