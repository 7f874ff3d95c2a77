package org.metergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterReader;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.bus.SerialTransport;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TimingProfile;
import org.metergate.mbus.MasterRequests;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedFleet;
import org.metergate.testing.SocatPair;
import picocli.CommandLine;

@Timeout(30)
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesTheFleetItPrintsWithFaultsUntilInterrupted() throws Exception {
        List<MeterSpec> fleet = SimulatedFleet.specs(5, 9);
        MeterSpec ok = fleet.get(0);
        MeterSpec silent = fleet.get(1);
        Path list = dir.resolve("meters.csv");
        SimulateCommand cmd = new SimulateCommand();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = cl.execute("--meters", "5", "--seed", "9", "--port", "0", "--baud", "38400",
                "--silent", silent.id(), "--list-file", list.toString()));
        t.start();
        assertThat(cmd.started.await(10, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("tcp 127.0.0.1:(\\d+)").matcher(out.toString());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(Files.readString(list)).contains(ok.id() + "," + ok.manufacturer()).contains(silent.id())
                .contains("silent");

        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(300);
            InputStream in = s.getInputStream();
            s.getOutputStream().write(MasterRequests.sndNke(ok.primaryAddress()));
            assertThat(in.read()).isEqualTo(0xE5);
            s.getOutputStream().write(MasterRequests.sndNke(silent.primaryAddress()));
            boolean timedOut = false;
            try {
                in.read();
            } catch (SocketTimeoutException e) {
                timedOut = true;
            }
            assertThat(timedOut).isTrue();
        }
        t.interrupt();
        t.join(5000);
        assertThat(exit[0]).isZero();
    }

    @Test
    void unknownMeterInAFaultListIsAnError() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--meters", "3", "--port", "0", "--silent", "251")).isEqualTo(2);
        assertThat(err.toString()).contains("no simulated meter 251");
    }

    @Test
    void wirelessMetersAsHexLinesDecodableWithTheWrittenKeyFile() throws Exception {
        Path keys = dir.resolve("keys.csv");
        SimulateCommand cmd = new SimulateCommand();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        Thread t = new Thread(() -> cl.execute("--wmbus", "4", "--wmbus-port", "0", "--wmbus-interval", "1",
                "--wmbus-keys", keys.toString(), "--seed", "4"));
        t.start();
        assertThat(cmd.started.await(10, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("hex lines on tcp 127.0.0.1:(\\d+)").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(out.toString()).contains("no wired meters");
        List<String> keyLines = Files.readAllLines(keys);
        assertThat(org.metergate.wmbus.KeyLineParser.isHeader(keyLines.get(0))).isTrue();
        List<org.metergate.wmbus.KeyEntry> entries = new java.util.ArrayList<>();
        for (int i = 1; i < keyLines.size(); i++) {
            entries.add(org.metergate.wmbus.KeyLineParser.parse(keyLines.get(i), i + 1));
        }
        org.metergate.wmbus.WmbusDecoder decoder = new org.metergate.wmbus.WmbusDecoder(
                new org.metergate.wmbus.KeyMatcher(entries));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
            java.util.Set<String> ids = new java.util.HashSet<>();
            while (ids.size() < 4) {
                String[] line = r.readLine().split(";");
                var tg = decoder.decode(java.util.HexFormat.of().parseHex(line[0]),
                        org.metergate.wmbus.FrameFormat.AUTO, Integer.parseInt(line[1]));
                ids.add(tg.meter().id());
            }
        }
        t.interrupt();
        t.join(5000);
    }

    /**
     * SPEC A1 through the CLI: {@code --baud-of} and {@code --slow-every} give meters their own speed and
     * {@code --master-pty} lets the simulator on a pty see the speed the master sends at, so a serial master
     * switching speed per meter reads the mixed bus (jSerialComm on the other end of a socat pair).
     */
    @Test
    @Timeout(120)
    void metersAtTheirOwnSpeedOnAPtyAreReadAtThatSpeedByASwitchingMaster() throws Exception {
        List<MeterSpec> fleet = SimulatedFleet.specs(4, 3);
        MeterSpec byId = fleet.get(1);
        MeterSpec everyFourth = fleet.get(3);
        Path list = dir.resolve("meters.csv");
        try (SocatPair pty = SocatPair.open(dir)) {
            SimulateCommand cmd = new SimulateCommand();
            StringWriter out = new StringWriter();
            CommandLine cl = new CommandLine(cmd);
            cl.setOut(new PrintWriter(out, true));
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            int[] exit = {-1};
            Thread t = new Thread(() -> exit[0] = cl.execute("--meters", "4", "--seed", "3", "--pty", pty.b.toString(),
                    "--master-pty", pty.a.toString(), "--baud-of", byId.id() + "=300", "--slow-every", "4",
                    "--list-file", list.toString()));
            t.start();
            assertThat(cmd.started.await(10, TimeUnit.SECONDS)).as(err.toString()).isTrue();
            assertThat(out.toString()).contains("reading the master's line speed on " + pty.a);
            List<String> rows = Files.readAllLines(list);
            assertThat(rows.get(0)).isEqualTo("primary,id,manufacturer,version,medium,kind,telegrams,baud,faults");
            Map<String, Integer> speeds = new HashMap<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",", -1);
                speeds.put(f[1], Integer.parseInt(f[7]));
            }
            assertThat(speeds).containsEntry(byId.id(), 300).containsEntry(everyFourth.id(), 300)
                    .containsEntry(fleet.get(0).id(), 2400).containsEntry(fleet.get(2).id(), 2400);

            TimingProfile profile = (baud, multi) -> {
                BusTiming f = BusTiming.fast(baud);
                return new BusTiming(Math.max(f.responseTimeout(), 600), f.readoutRetries(), f.selectionRetries(),
                        f.waitAfterInit(), f.collisionRecovery(), f.interRequestGap(), Math.max(f.interCharTimeout(), 200));
            };
            try (BusOwner owner = new BusOwner("cli", new MbusMaster(new SerialTransport(pty.a.toString(), 2400),
                    profile.timing(2400, false), profile, Sleeper.REAL))) {
                List<ReadoutRequest> requests = new ArrayList<>();
                for (MeterSpec m : fleet) {
                    requests.add(new ReadoutRequest(m.primaryAddress(), new MeterAddress.Primary(m.primaryAddress()),
                            speeds.get(m.id()), MultiTelegram.AUTO, null, null, null));
                }
                Map<Long, ReadoutResult> results = new HashMap<>();
                new RetryingReadout(owner, Clock.systemUTC()).run("readout", requests, RetryPolicy.NONE,
                        RetryingReadout::sleep, () -> true, (req, result, attempt) -> results.put(req.meterId(), result));
                owner.submit("sync", m -> null).get(); // the restore queued behind the cycle has run
                for (MeterSpec m : fleet) {
                    ReadoutResult r = results.get((long) m.primaryAddress());
                    assertThat(r.status()).as(m.id() + ": " + r.message()).isEqualTo(ReadoutResult.Status.OK);
                    assertThat(r.readout().header().id()).isEqualTo(m.id());
                }
                // to 300 for both slow meters, back to 2400 after the cycle
                assertThat(owner.counters().baudSwitches()).isEqualTo(2);
                // the slow meter really runs at 300: asked at 2400 (no retries) it does not answer
                ReadoutRequest at2400 = new ReadoutRequest(byId.primaryAddress(), new MeterAddress.Primary(byId.primaryAddress()),
                        2400, MultiTelegram.AUTO, null, 0, null);
                assertThat(owner.submit("wrong speed", m -> new MeterReader(m, Clock.systemUTC()).read(at2400)).get().status())
                        .isEqualTo(ReadoutResult.Status.NO_ANSWER);
            }
            t.interrupt();
            t.join(5000);
            assertThat(exit[0]).isZero();
        }
    }

    @Test
    void ownSpeedsAreCheckedAndOnAPtyNeedTheMastersEnd() {
        List<MeterSpec> fleet = SimulatedFleet.specs(3, 1);
        String[][] cases = {
                {"--baud-of", "2400", "--baud-of '2400': give meter=baud"},
                {"--baud-of", fleet.get(0).id() + "=1234", "baud must be one of [300, 600"},
                {"--baud-of", "251=300", "no simulated meter 251"},
                {"--slow-every", "-1", "--slow-every must not be negative"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new SimulateCommand());
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("--meters", "3", "--port", "0", c[0], c[1])).as(c[1]).isEqualTo(2);
            assertThat(err.toString()).as(c[1]).contains(c[2]);
        }
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--meters", "3", "--pty", dir.resolve("ttyX").toString(), "--slow-every", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("need --master-pty");
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = new CommandLine(new SimulateCommand());
        cl2.setErr(new PrintWriter(err2, true));
        assertThat(cl2.execute("--meters", "3", "--port", "0", "--master-pty", dir.resolve("ttyX").toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("--master-pty belongs to a wired bus on --pty");
    }
}
