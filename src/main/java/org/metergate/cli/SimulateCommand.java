package org.metergate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.time.Clock;
import java.time.Instant;
import org.metergate.receiver.Framing;
import org.metergate.sim.LineSpeed;
import org.metergate.sim.MeterFaults;
import org.metergate.sim.PtyLineSpeed;
import org.metergate.sim.WirelessFleet;
import org.metergate.sim.WirelessMeterSpec;
import org.metergate.sim.WirelessSinks;
import org.metergate.sim.WirelessTransmitter;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metergate simulate}: serves a generated fleet of simulated meters (package sim) over
 * TCP and/or a pty at wire speed, with faults on request, until interrupted (Ctrl-C). Exit 2 for
 * bad options (unknown meter in a fault list, port in use, pty missing).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Serve simulated meters over TCP or a pty (wired; wireless with --wmbus).")
final class SimulateCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 10001;
    static final int DEFAULT_WMBUS_PORT = 10011;

    @Option(names = "--meters", paramLabel = "N", defaultValue = "10", description = "number of meters (default 10)")
    int meters;

    @Option(names = "--port", paramLabel = "P",
            description = "TCP port on 127.0.0.1 (0 = any free port; default " + DEFAULT_PORT + " when no --pty)")
    Integer port;

    @Option(names = "--pty", paramLabel = "PATH", description = "tty to serve, e.g. one end of a socat pty pair")
    Path pty;

    @Option(names = "--baud", paramLabel = "B", defaultValue = "2400", description = "line speed to emulate (default 2400)")
    int baud;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "fleet seed: same seed, same meters (default 1)")
    long seed;

    @Option(names = "--echo", description = "echo the master's bytes like some level converters")
    boolean echo;

    @Option(names = "--reaction-ms", paramLabel = "MS", defaultValue = "2",
            description = "answer delay on top of the 11 bit times EN 13757-2 requires (default 2)")
    double reactionMs;

    @Option(names = "--silent", paramLabel = "LIST", split = ",", description = "meters that never answer (primary addresses or ids)")
    List<String> silent = List.of();

    @Option(names = "--late", paramLabel = "LIST", split = ",", description = "meters that answer --late-ms too late")
    List<String> late = List.of();

    @Option(names = "--late-ms", paramLabel = "MS", defaultValue = "3000", description = "extra delay of --late meters (default 3000)")
    long lateMs;

    @Option(names = "--bad-checksum", paramLabel = "LIST", split = ",", description = "meters whose RSP_UD has a wrong checksum")
    List<String> badChecksum = List.of();

    @Option(names = "--collide", paramLabel = "LIST", split = ",", description = "meters whose answers arrive garbled by a collision")
    List<String> collide = List.of();

    @Option(names = "--status-error", paramLabel = "LIST", split = ",", description = "meters reporting a permanent error (status 08h)")
    List<String> statusError = List.of();

    @Option(names = "--baud-of", paramLabel = "M=B", split = ",",
            description = "meters at their own speed: primary address or id = baud, e.g. 2=300,12345678=9600"
                    + " (the others run at --baud)")
    List<String> baudOf = List.of();

    @Option(names = "--slow-every", paramLabel = "N", defaultValue = "0",
            description = "every Nth meter of the fleet (the Nth, 2Nth, ...) runs at 300 baud: an old heat meter on a newer bus")
    int slowEvery;

    @Option(names = "--master-pty", paramLabel = "PATH",
            description = "with --pty: the master's end of the socat pair; the simulator reads the speed the master set on it"
                    + " (Linux), so a master switching speed per meter is seen as on a real line. Needed when meters run"
                    + " at their own speed")
    Path masterPty;

    @Option(names = "--list-file", paramLabel = "F", description = "write the meter list here (CSV) instead of printing it")
    Path listFile;

    @Option(names = "--wmbus", paramLabel = "N", defaultValue = "0",
            description = "simulate N wireless meters (modes 5, 7 and unencrypted, formats A and B); then --pty is the"
                    + " receiver stick and wired meters are served only with --port")
    int wmbus;

    @Option(names = "--dongle", paramLabel = "TYPE", defaultValue = "im871a",
            description = "framing of the stick on --pty: im871a or amb8465 (default im871a)")
    String dongle;

    @Option(names = "--wmbus-port", paramLabel = "P",
            description = "TCP port on 127.0.0.1 serving the telegrams as hex lines with ;rssi (0 = any free port;"
                    + " default " + DEFAULT_WMBUS_PORT + " when no --pty)")
    Integer wmbusPort;

    @Option(names = "--wmbus-interval", paramLabel = "S", defaultValue = "30",
            description = "seconds between two telegrams of a wireless meter, ±10 % jitter (default 30)")
    int wmbusInterval;

    @Option(names = "--wmbus-keys", paramLabel = "F", description = "write the wireless meters' key file (CSV) here")
    Path wmbusKeys;

    @Spec
    CommandSpec spec;

    /** Counted down when the servers are up; tests wait on it. */
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (meters < 1) {
            return fail(err, "--meters must be at least 1");
        }
        WireTiming timing;
        try {
            timing = WireTiming.of(baud).withAnswerDelay(Duration.ofNanos(11 * 1_000_000_000L / baud)
                    .plusNanos(Math.round(reactionMs * 1e6)));
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        List<SimulatedMeter> fleet = SimulatedFleet.generate(meters, seed);
        SimulatedBus bus = new SimulatedBus(fleet, timing, seed);
        try {
            apply(bus, silent, f -> f.withSilent(true));
            apply(bus, late, f -> f.withLateBy(Duration.ofMillis(lateMs)));
            apply(bus, badChecksum, f -> f.withBadChecksum(true));
            apply(bus, collide, f -> f.withCollide(true));
            apply(bus, statusError, f -> f.withStatusBits(f.statusBits() | 0x08));
            if (slowEvery < 0) {
                throw new IllegalArgumentException("--slow-every must not be negative");
            }
            for (int i = slowEvery - 1; slowEvery > 0 && i < fleet.size(); i += slowEvery) {
                fleet.get(i).baud(300);
            }
            applyBauds(bus, baudOf);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        boolean ownSpeeds = fleet.stream().anyMatch(m -> bus.baudOf(m) != baud);
        if (masterPty != null && (pty == null || wmbus > 0)) {
            return fail(err, "--master-pty belongs to a wired bus on --pty (the master's end of that socat pair)");
        }
        if (ownSpeeds && pty != null && wmbus == 0 && masterPty == null) {
            // without the master's speed every byte counts as sent at --baud: the other meters could never answer
            return fail(err, "meters at their own speed on --pty need --master-pty (the master's end of the socat pair)"
                    + " to see the speed the master sends at");
        }

        if (wmbus < 0 || (wmbus > 0 && wmbusInterval < 1)) {
            return fail(err, "--wmbus must not be negative and --wmbus-interval at least 1 second");
        }
        Wireless wireless = null;
        if (wmbus > 0) {
            try {
                wireless = startWireless(out);
            } catch (IOException | IllegalArgumentException e) {
                return fail(err, "cannot simulate wireless meters: " + e.getMessage());
            }
        }
        List<SimulatorServer> servers = new ArrayList<>();
        PtyLineSpeed lineSpeed = null;
        try {
            if (wmbus > 0 && port == null) {
                // wireless only: the pty is the stick, no wired bus unless --port asks for one
            } else if (port != null || pty == null) {
                SimulatorServer s = SimulatorServer.tcp(bus, port != null ? port : DEFAULT_PORT, echo);
                servers.add(s.log(m -> err.println("tcp: " + m)));
            }
            if (pty != null && wmbus == 0) {
                if (masterPty != null) {
                    lineSpeed = new PtyLineSpeed(masterPty, baud);
                }
                servers.add(SimulatorServer.pty(bus, pty, echo, lineSpeed != null ? lineSpeed : LineSpeed.fixed(baud))
                        .log(m -> err.println("pty: " + m)));
            }
        } catch (IOException e) {
            servers.forEach(SimulateCommand::closeQuietly);
            closeQuietly(lineSpeed);
            if (wireless != null) {
                wireless.close();
            }
            return fail(err, "cannot serve: " + e.getMessage());
        }
        Wireless radio = wireless;
        PtyLineSpeed masterSpeed = lineSpeed;

        if (servers.isEmpty()) {
            out.println("no wired meters (give --port to serve them too)");
        }
        for (SimulatorServer s : servers) {
            out.println(s.port() >= 0
                    ? "serving " + meters + " meters on tcp 127.0.0.1:" + s.port()
                    : "serving " + meters + " meters on pty " + pty);
        }
        out.printf(Locale.ROOT, "%d baud, answer delay %.1f ms, seed %d%s%n", baud,
                timing.answerDelay().toNanos() / 1e6, seed, echo ? ", echo" : "");
        if (masterSpeed != null) {
            out.println("reading the master's line speed on " + masterPty);
        } else if (ownSpeeds && !servers.isEmpty()) {
            out.println("tcp: a converter of fixed speed (" + baud + " baud): meters at another speed do not answer through it");
        }
        if (servers.isEmpty()) {
            // nothing wired to list
        } else if (listFile != null) {
            Files.writeString(listFile, csv(fleet, baud));
            out.println("meter list written to " + listFile);
        } else {
            out.print(table(fleet, baud));
        }
        out.println("Ctrl-C to stop");
        out.flush();

        Thread hook = new Thread(() -> {
            servers.forEach(SimulateCommand::closeQuietly);
            closeQuietly(masterSpeed);
            if (radio != null) {
                radio.close();
            }
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        started.countDown();
        try {
            new CountDownLatch(1).await(); // until Ctrl-C (JVM exit) or interrupt
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            servers.forEach(SimulateCommand::closeQuietly);
            closeQuietly(masterSpeed);
            if (radio != null) {
                radio.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }

    /** The wireless meters and where they send: a stick on --pty and/or a TCP line feed. */
    private record Wireless(WirelessTransmitter transmitter) {
        void close() {
            transmitter.close();
        }
    }

    private Wireless startWireless(PrintWriter out) throws IOException {
        Framing framing = Framing.parse(dongle);
        if (!framing.binary()) {
            throw new IllegalArgumentException("--dongle must be im871a or amb8465");
        }
        List<WirelessMeterSpec> specs = WirelessFleet.generate(wmbus, seed, Duration.ofSeconds(wmbusInterval));
        List<WirelessTransmitter.Sink> sinks = new ArrayList<>();
        try {
            if (pty != null) {
                sinks.add(WirelessSinks.dongle(pty, framing));
                out.println("wireless: " + wmbus + " meters on a simulated " + framing.name().toLowerCase(Locale.ROOT)
                        + " stick at pty " + pty);
            }
            if (wmbusPort != null || pty == null) {
                WirelessSinks.LineServer server = WirelessSinks.lineServer("127.0.0.1",
                        wmbusPort != null ? wmbusPort : DEFAULT_WMBUS_PORT);
                sinks.add(server);
                out.println("wireless: " + wmbus + " meters as hex lines on tcp 127.0.0.1:" + server.port());
            }
        } catch (IOException e) {
            sinks.forEach(WirelessTransmitter.Sink::close);
            throw e;
        }
        if (wmbusKeys != null) {
            Files.writeString(wmbusKeys, keyFile(specs));
            out.println("wireless key file written to " + wmbusKeys);
        }
        out.print(wirelessTable(specs));
        WirelessTransmitter tx = new WirelessTransmitter(WirelessFleet.meters(specs, Instant.now().minus(Duration.ofDays(1)),
                seed), sinks, Clock.systemUTC(), seed);
        tx.start(Duration.ofSeconds(Math.min(wmbusInterval, 5)));
        return new Wireless(tx);
    }

    static String wirelessTable(List<WirelessMeterSpec> specs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s  %-3s  %3s  %-6s  %-11s  %4s  %-6s  %4s  %s%n",
                "id", "man", "ver", "medium", "kind", "mode", "format", "rssi", "key"));
        for (WirelessMeterSpec s : specs) {
            b.append(String.format(Locale.ROOT, "%-8s  %-3s  %3d  %02X      %-11s  %4d  %-6s  %4d  %s%n", s.id(),
                    s.manufacturer(), s.version(), s.kind().medium(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.securityMode(), s.format(), s.rssi(), s.securityMode() == 0 ? "-" : s.keyHex()));
        }
        return b.toString();
    }

    /** The SPEC B4 key file of the encrypted wireless meters: Address,Key,Manufacturer,DeviceType,Version. */
    static String keyFile(List<WirelessMeterSpec> specs) {
        StringBuilder b = new StringBuilder("Address,Key,Manufacturer,DeviceType,Version\n");
        for (WirelessMeterSpec s : specs) {
            if (s.securityMode() != 0) {
                b.append(s.id()).append(',').append(s.keyHex()).append(',').append(s.manufacturer()).append(',')
                        .append(s.kind().medium()).append(',').append(s.version()).append('\n');
            }
        }
        return b.toString();
    }

    /** Resolves each item (primary address or 8-character id) to a meter and changes its faults. */
    private static void apply(SimulatedBus bus, List<String> items, UnaryOperator<MeterFaults> change) {
        for (String raw : items) {
            SimulatedMeter m = meter(bus, raw.trim());
            m.faults(change.apply(m.faults()));
        }
    }

    /** {@code --baud-of}: each item {@code meter=baud} gives that meter its own speed. */
    private static void applyBauds(SimulatedBus bus, List<String> items) {
        for (String raw : items) {
            String item = raw.trim();
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("--baud-of '" + item + "': give meter=baud, e.g. 2=300");
            }
            SimulatedMeter m = meter(bus, item.substring(0, eq).trim());
            String speed = item.substring(eq + 1).trim();
            if (!speed.matches("\\d{1,6}") || !STANDARD_BAUDS.contains(Integer.parseInt(speed))) {
                throw new IllegalArgumentException("--baud-of '" + item + "': baud must be one of " + STANDARD_BAUDS);
            }
            m.baud(Integer.parseInt(speed));
        }
    }

    /** The speeds a meter's UART may run at (EN 13757-2 300..9600, and fast converters' 19200/38400). */
    static final List<Integer> STANDARD_BAUDS = List.of(300, 600, 1200, 2400, 4800, 9600, 19200, 38400);

    private static SimulatedMeter meter(SimulatedBus bus, String item) {
        return (item.matches("\\d{1,3}")
                ? bus.byPrimaryAddress(Integer.parseInt(item))
                : bus.byId(item))
                .orElseThrow(() -> new IllegalArgumentException("no simulated meter " + item
                        + " (give a primary address or an 8-digit id of the fleet)"));
    }

    /** The fleet as printed; {@code baud}: each meter's speed (its own, else the bus's {@code busBaud}). */
    static String table(List<SimulatedMeter> fleet, int busBaud) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%4s  %-8s  %-3s  %3s  %-6s  %-11s  %s  %5s  %s%n",
                "pri", "id", "man", "ver", "medium", "kind", "tg", "baud", "faults"));
        for (SimulatedMeter m : fleet) {
            var s = m.spec();
            b.append(String.format(Locale.ROOT, "%4d  %-8s  %-3s  %3d  %02X      %-11s  %d   %5d  %s%n", s.primaryAddress(),
                    s.id(), s.manufacturer(), s.version(), s.medium(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.telegrams(), baudOf(m, busBaud), faults(m.faults())));
        }
        return b.toString();
    }

    static String csv(List<SimulatedMeter> fleet, int busBaud) {
        StringBuilder b = new StringBuilder("primary,id,manufacturer,version,medium,kind,telegrams,baud,faults\n");
        for (SimulatedMeter m : fleet) {
            var s = m.spec();
            b.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%02X,%s,%d,%d,%s%n", s.primaryAddress(), s.id(),
                    s.manufacturer(), s.version(), s.medium(), s.kind().name().toLowerCase(Locale.ROOT), s.telegrams(),
                    baudOf(m, busBaud), faults(m.faults()).replace(' ', ';')));
        }
        return b.toString();
    }

    private static int baudOf(SimulatedMeter m, int busBaud) {
        return m.baud() == 0 ? busBaud : m.baud();
    }

    private static String faults(MeterFaults f) {
        List<String> l = new ArrayList<>();
        if (f.silent()) {
            l.add("silent");
        }
        if (!f.lateBy().isZero()) {
            l.add("late+" + f.lateBy().toMillis() + "ms");
        }
        if (f.badChecksum()) {
            l.add("bad-checksum");
        }
        if (f.collide()) {
            l.add("collide");
        }
        if (f.statusBits() != 0) {
            l.add(String.format("status=%02X", f.statusBits()));
        }
        return String.join(" ", l);
    }

    private static int fail(PrintWriter err, String message) {
        err.println("metergate simulate: " + message);
        err.flush();
        return 2;
    }

    private static void closeQuietly(PtyLineSpeed line) {
        if (line != null) {
            line.close();
        }
    }

    private static void closeQuietly(SimulatorServer s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
