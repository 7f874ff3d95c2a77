package org.metergate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "read", mixinStandardHelpOptions = true, description = "Read one meter or all meters on a bus.")
final class ReadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return NotYetAvailable.say("read");
    }
}
