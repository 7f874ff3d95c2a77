package org.metergate.cli;

/** Shared body of subcommands whose feature has not landed yet: say so, exit 3. */
final class NotYetAvailable {
    private NotYetAvailable() {}

    static int say(String command) {
        System.err.println("metergate " + command + ": not yet available in this version");
        return 3;
    }
}
