package org.metergate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metergate.camel.TelegramJson;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.Hex;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code metergate decode}: one M-Bus frame given as hex on the command line or in a file, decoded
 * to JSON (shape documented in docs/decode.md) or text. Exit 0 for a decoded frame (including a
 * slave's application error reply), 2 when the input is not a decodable frame.
 */
@Command(name = "decode", mixinStandardHelpOptions = true, description = "Decode an M-Bus telegram given as hex.")
final class DecodeCommand implements Callable<Integer> {

    enum Format { json, text }

    @Option(names = "--format", defaultValue = "json", description = "json (default) or text")
    Format format;

    @Option(names = "--file", paramLabel = "F", description = "read the hex from this file")
    Path file;

    @Parameters(paramLabel = "HEX", arity = "0..*", description = "frame bytes as hex; spaces and line breaks allowed")
    List<String> hex = List.of();

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = TelegramJson.MAPPER;
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String text;
        if (file != null && !hex.isEmpty()) {
            return fail(out, "give either --file or HEX, not both");
        } else if (file != null) {
            try {
                text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return fail(out, "cannot read " + file + ": " + e.getMessage());
            }
        } else if (!hex.isEmpty()) {
            text = String.join(" ", hex);
        } else {
            return fail(out, "no input: give HEX or --file F");
        }
        Frame frame;
        Telegram telegram = null;
        try {
            frame = FrameCodec.parse(Hex.parse(text));
            if (frame instanceof Frame.LongFrame || frame instanceof Frame.ControlFrame) {
                telegram = TelegramDecoder.decode(frame);
            }
        } catch (MbusDecodeException e) {
            return fail(out, e.getMessage());
        }
        if (format == Format.text) {
            out.print(text(frame, telegram));
        } else {
            out.println(JSON.writeValueAsString(json(frame, telegram)));
        }
        out.flush();
        return 0;
    }

    private int fail(PrintWriter out, String message) throws IOException {
        ObjectNode err = NODES.objectNode().put("error", message);
        if (format == Format.text) {
            out.println("error: " + message);
        } else {
            out.println(JSON.writeValueAsString(err));
        }
        out.flush();
        return 2;
    }

    static ObjectNode json(Frame frame, Telegram t) {
        return TelegramJson.telegram(frame, t);
    }

    static String text(Frame frame, Telegram t) {
        return TelegramJson.text(frame, t);
    }
}
