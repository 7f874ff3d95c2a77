package org.metergate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "scan", mixinStandardHelpOptions = true, description = "Scan a bus for meters (primary or secondary search).")
final class ScanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return NotYetAvailable.say("scan");
    }
}
