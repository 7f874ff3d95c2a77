package org.metergate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "send", mixinStandardHelpOptions = true, description = "Send a raw frame to the bus and print the answer.")
final class SendCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return NotYetAvailable.say("send");
    }
}
