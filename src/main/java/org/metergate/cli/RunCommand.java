package org.metergate.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.metergate.app.Gateway;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.store.StoreException;
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
        boolean explicit = options.configFile != null;
        GatewayConfig config = GatewayConfig.load(explicit ? options.configFile : GatewayConfig.DEFAULT_FILE, explicit);
        try {
            new Gateway(config, Optional.ofNullable(options.dataDir)).runUntilStopped();
            return 0;
        } catch (ConfigException | StoreException e) {
            System.err.println("metergate: " + e.getMessage());
            return 1;
        }
    }
}
