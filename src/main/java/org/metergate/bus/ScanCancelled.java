package org.metergate.bus;

/** Unwinds a scan that its caller cancelled; what was found so far is kept. */
final class ScanCancelled extends Exception {
    ScanCancelled() {
        super(null, null, false, false);
    }
}
