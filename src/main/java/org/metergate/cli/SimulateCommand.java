package org.metergate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Serve simulated meters over TCP or a pty.")
final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return NotYetAvailable.say("simulate");
    }
}
