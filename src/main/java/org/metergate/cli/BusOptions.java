package org.metergate.cli;

import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.SerialTransport;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TcpTransport;
import org.metergate.bus.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the bus tools reach a bus: a serial level converter or an M-Bus-over-IP converter. */
final class BusOptions {

    @Option(names = "--port", paramLabel = "DEVICE", description = "Serial port of the level converter, e.g. /dev/ttyUSB0")
    String port;

    @Option(names = "--host", paramLabel = "HOST", description = "M-Bus-over-IP converter (with --tcp-port)")
    String host;

    @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "10001", description = "TCP port of the converter (default: ${DEFAULT-VALUE})")
    int tcpPort;

    @Option(names = "--baud", defaultValue = "2400", description = "300, 2400 or 9600 (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--timing", defaultValue = "fast",
            description = "fast (EN 13757-2 gaps) or manual (the reference product's defaults) (default: ${DEFAULT-VALUE})")
    String timing;

    @Option(names = "--timeout", paramLabel = "MS", description = "Response timeout in ms (overrides the profile)")
    Integer timeout;

    MbusMaster open(CommandLine.Model.CommandSpec spec) {
        boolean serial = port != null;
        boolean tcp = host != null;
        if (serial == tcp) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --port DEVICE or --host HOST [--tcp-port PORT]");
        }
        BusTiming t = switch (timing) {
            case "fast" -> BusTiming.fast(baud);
            case "manual" -> BusTiming.manualSingle();
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--timing must be fast or manual");
        };
        if (timeout != null) {
            t = t.withResponseTimeout(timeout);
        }
        Transport transport = serial ? new SerialTransport(port, baud) : new TcpTransport(host, tcpPort, baud, 10_000);
        return new MbusMaster(transport, t, Sleeper.REAL);
    }
}
