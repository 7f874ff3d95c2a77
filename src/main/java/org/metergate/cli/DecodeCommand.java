package org.metergate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "decode", mixinStandardHelpOptions = true, description = "Decode an M-Bus telegram given as hex.")
final class DecodeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return NotYetAvailable.say("decode");
    }
}
