package org.metergate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.metergate.camel.TelegramJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterReader;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.ReadoutResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Read meters on a bus and print them decoded (the decode command's JSON, one object per meter).",
                "Exit code 0 when every meter answered, 2 otherwise."})
final class ReadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BusOptions bus = new BusOptions();

    @Option(names = "--address", required = true, split = ",", paramLabel = "ADDR",
            description = "Primary address 0..250 or 8-digit secondary id; repeat or comma-separate for several")
    List<String> addresses;

    @Option(names = "--multi", defaultValue = "auto", description = "Multi-telegram readout: auto or off (default: ${DEFAULT-VALUE})")
    String multi;

    @Option(names = "--max-telegrams", defaultValue = "0", description = "Most telegrams per meter, 0 = as announced")
    int maxTelegrams;

    @Option(names = "--format", defaultValue = "json", description = "json or text (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() throws Exception {
        List<MeterAddress> targets = new ArrayList<>();
        for (String a : addresses) {
            try {
                targets.add(MeterAddress.parse(a));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        MultiTelegram mode = switch (multi) {
            case "auto" -> new MultiTelegram(true, maxTelegrams);
            case "off" -> MultiTelegram.OFF;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--multi must be auto or off");
        };
        MbusMaster master = bus.open(spec);
        boolean allOk = true;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        try {
            MeterReader reader = new MeterReader(master, Clock.systemUTC());
            for (MeterAddress target : targets) {
                ReadoutResult r = reader.read(target, mode);
                allOk &= r.ok();
                if ("text".equals(format)) {
                    System.out.println(target + ": " + r.status() + " — " + r.message());
                    r.telegrams().forEach(t -> System.out.println("  " + java.util.HexFormat.of().withUpperCase().formatHex(t)));
                    if (r.ok()) {
                        r.readout().records().forEach(rec -> System.out.printf("  %-13s st=%d t=%d su=%d  %-28s %s %s%n",
                                rec.function().label(), rec.storage(), rec.tariff(), rec.subunit(), rec.quantity(),
                                rec.value().text(), rec.unit()));
                    }
                } else {
                    out.add(TelegramJson.readout(r));
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("metergate read: " + e.getMessage());
            return 1;
        } finally {
            master.transport().close();
        }
        if (!"text".equals(format)) {
            ObjectMapper json = TelegramJson.MAPPER;
            System.out.println(json.writeValueAsString(out.size() == 1 ? out.get(0) : out));
        }
        return allOk ? 0 : 2;
    }
}
