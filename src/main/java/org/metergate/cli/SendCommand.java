package org.metergate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.metergate.camel.TelegramJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.Reply;
import org.metergate.mbus.Frame;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.TelegramDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a raw M-Bus frame (hex) to the bus and print the answer decoded (SPEC A8).",
                "Example: send --port /dev/ttyUSB0 10 5B 01 5C 16"})
final class SendCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BusOptions bus = new BusOptions();

    @Parameters(arity = "1..*", paramLabel = "HEX", description = "The frame as hex; spaces allowed")
    List<String> hex;

    @Override
    public Integer call() throws Exception {
        byte[] frame;
        try {
            frame = MasterRequests.raw(HexFormat.of().parseHex(String.join("", hex).replaceAll("\\s+", "")));
        } catch (IllegalArgumentException | MbusDecodeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a valid M-Bus frame: " + e.getMessage());
        }
        MbusMaster master = bus.open(spec);
        Reply reply;
        try {
            reply = master.exchange(frame);
        } catch (java.io.IOException e) {
            System.err.println("metergate send: " + e.getMessage());
            return 1;
        } finally {
            master.transport().close();
        }
        ObjectNode out;
        if (reply.isSingle() && reply.frame() instanceof Frame.LongFrame lf) {
            try {
                out = TelegramJson.telegram(lf, TelegramDecoder.decode(lf));
            } catch (MbusDecodeException e) {
                out = JsonNodeFactory.instance.objectNode().put("error", e.getMessage());
            }
        } else {
            out = JsonNodeFactory.instance.objectNode();
            out.putObject("frame").put("type", reply.isAck() ? "ack" : reply.kind().name().toLowerCase());
            if (!reply.isAck()) {
                out.put("error", reply.detail());
            }
        }
        out.put("answer", reply.kind().name());
        out.put("raw", HexFormat.of().withUpperCase().formatHex(reply.raw()));
        System.out.println(TelegramJson.MAPPER.writeValueAsString(out));
        return reply.isSingle() ? 0 : 2;
    }
}
