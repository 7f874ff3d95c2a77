package org.metergate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway (default when no subcommand is given).")
final class RunCommand implements Callable<Integer> {

    /** Options shared by "run" and the bare top-level command. */
    static final class Options {
        @CommandLine.Option(names = "--data", paramLabel = "DIR",
                description = "Data directory (database, logs). Default: $METERGATE_DATA or ./data")
        Path dataDir;

        @CommandLine.Option(names = "--config", paramLabel = "FILE",
                description = "Configuration file. Default: config/application.properties")
        Path configFile;
    }

    @CommandLine.Mixin
    Options options = new Options();

    RunCommand() {}

    RunCommand(Options options) {
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        System.out.println("run: not wired yet");
        return 0;
    }
}
