package org.metergate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.metergate.bus.FoundMeter;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.PrimaryScan;
import org.metergate.bus.ScanControl;
import org.metergate.bus.ScanProgress;
import org.metergate.bus.ScanResult;
import org.metergate.bus.SecondaryScan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Search a bus for meters (SPEC A7): primary addresses 0..250 or a secondary wildcard search.",
                "Shows progress on a terminal; Ctrl-C stops the scan and prints what was found so far."})
final class ScanCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BusOptions bus = new BusOptions();

    @Option(names = "--mode", defaultValue = "secondary", description = "primary or secondary (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--digits", defaultValue = "hex",
            description = "Secondary search alphabet: hex finds ids with A-E digits too; decimal is what libmbus does (default: ${DEFAULT-VALUE})")
    String digits;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("primary") && !mode.equals("secondary")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be primary or secondary");
        }
        if (!digits.equals("hex") && !digits.equals("decimal")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--digits must be hex or decimal");
        }
        MbusMaster master = bus.open(spec);
        PrintStream err = System.err;
        boolean terminal = System.console() != null;
        ScanControl control = new ScanControl(p -> {
            if (terminal) {
                err.print("\r" + bar(p));
            }
        });
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            control.cancel();
            try {
                finished.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        ScanResult result;
        try {
            result = mode.equals("primary") ? new PrimaryScan(master).run(0, 250, control)
                    : new SecondaryScan(master, digits.equals("hex") ? SecondaryScan.Digits.HEX : SecondaryScan.Digits.DECIMAL)
                            .run(control);
        } catch (java.io.IOException e) {
            err.println("metergate scan: " + e.getMessage());
            return 1;
        } finally {
            master.transport().close();
            if (terminal) {
                err.println();
            }
        }
        try {
            print(result);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the print above
            }
        }
        return 0;
    }

    static String bar(ScanProgress p) {
        int width = 30;
        int filled = (int) Math.round(p.done() * width);
        long estimate = p.estimatedTotalProbes();
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %d probes%s  %d found  at %s   ", "#".repeat(filled),
                " ".repeat(width - filled), p.done() * 100, p.probes(), estimate > 0 ? " of ~" + estimate : "",
                p.found(), p.at());
    }

    private void print(ScanResult r) throws Exception {
        if (format.equals("json")) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("probes", r.probes()).put("cancelled", r.cancelled()).put("seconds", r.elapsed().toMillis() / 1000.0);
            var meters = root.putArray("meters");
            for (FoundMeter m : r.meters()) {
                ObjectNode o = meters.addObject().put("address", m.address().toString());
                if (m.header() != null) {
                    o.put("id", m.header().id()).put("manufacturer", m.header().manufacturer())
                            .put("version", m.header().version()).put("medium", m.header().mediumName());
                }
            }
            var conflicts = root.putArray("conflicts");
            r.conflicts().forEach(conflicts::add);
            System.out.println(new ObjectMapper().writeValueAsString(root));
            return;
        }
        for (FoundMeter m : r.meters()) {
            System.out.println(m.header() == null ? m.address().toString()
                    : String.format(Locale.ROOT, "%-24s id %s  %s  version %d  %s", m.address(), m.header().id(),
                            m.header().manufacturer(), m.header().version(), m.header().mediumName()));
        }
        r.conflicts().forEach(c -> System.out.println("unresolved: " + c));
        System.out.printf(Locale.ROOT, "%d meter(s), %d probes, %.1f s%s%n", r.meters().size(), r.probes(),
                r.elapsed().toMillis() / 1000.0, r.cancelled() ? " (cancelled)" : "");
    }
}
