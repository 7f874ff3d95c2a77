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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.mbus.MasterRequests;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedFleet;
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
}
