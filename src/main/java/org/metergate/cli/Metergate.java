package org.metergate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code metergate.jar}: dispatches to the subcommands; {@code run} is the default. */
@Command(name = "metergate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Open M-Bus and wireless M-Bus metering gateway.",
        subcommands = {
                RunCommand.class,
                DecodeCommand.class,
                ScanCommand.class,
                ReadCommand.class,
                SendCommand.class,
                SimulateCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Metergate implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    RunCommand.Options runOptions = new RunCommand.Options();

    @Override
    public Integer call() throws Exception {
        // No subcommand given: behave like "run" so `java -jar metergate.jar` starts the gateway.
        return new RunCommand(runOptions).call();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Metergate()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
