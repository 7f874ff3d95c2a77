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
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.KeyLookup;
import org.metergate.wmbus.LinkHeader;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusTelegram;
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

    @Option(names = "--wmbus", description = "the hex is a wireless M-Bus frame (EN 13757-4), from the L field on")
    boolean wmbus;

    @Option(names = "--key", paramLabel = "HEX", description = "wireless: AES-128 key (32 hex digits) for every meter")
    String key;

    @Option(names = "--frame-format", paramLabel = "A|B|NO_CRC|AUTO", defaultValue = "AUTO",
            description = "wireless: how the frame carries its CRCs (default AUTO: detect)")
    FrameFormat frameFormat;

    @Option(names = "--rssi", paramLabel = "DBM", description = "wireless: signal strength to show with the telegram")
    Integer rssi;

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
        if (wmbus || key != null) {
            return wireless(out, text);
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

    /** {@code --wmbus}: the wired JSON plus a {@code "link"} object (docs/wmbus.md). */
    private int wireless(PrintWriter out, String text) throws IOException {
        KeyLookup keys = KeyLookup.NONE;
        if (key != null) {
            if (!key.matches("[0-9A-Fa-f]{32}")) {
                return fail(out, "--key must be 32 hex digits (AES-128)");
            }
            keys = KeyLookup.single(java.util.HexFormat.of().parseHex(key));
        }
        byte[] bytes;
        try {
            bytes = Hex.parse(text);
        } catch (MbusDecodeException e) {
            return fail(out, e.getMessage());
        }
        WmbusTelegram t;
        try {
            t = new WmbusDecoder(keys).decode(bytes, frameFormat, rssi);
        } catch (WmbusException e) {
            String label = e.reason().label();
            String message = e.getMessage().startsWith(label) ? e.getMessage() : label + ": " + e.getMessage();
            ObjectNode err = NODES.objectNode();
            if (e.link() != null) {
                ObjectNode link = putLink(err.putObject("link"), e.link());
                if (rssi != null) {
                    link.put("rssi", rssi);
                }
            }
            err.put("error", message).put("reason", e.reason().name());
            if (format == Format.text) {
                out.println("error: " + message);
            } else {
                out.println(JSON.writeValueAsString(err));
            }
            out.flush();
            return 2;
        }
        if (format == Format.text) {
            LinkHeader l = t.link();
            out.printf("wireless: format %s C=%02X %s %s v%d %s CI=%02X TPL CI=%02X security mode %d access %d%s%n",
                    l.format(), l.c(), l.manufacturer(), l.id(), l.version(), l.deviceTypeName(), l.ci(), t.tplCi(),
                    t.securityMode(), t.accessNumber(), t.rssi() == null ? "" : " rssi " + t.rssi() + " dBm");
            out.print(textBody(t.telegram()));
        } else {
            out.println(JSON.writeValueAsString(json(t)));
        }
        out.flush();
        return 0;
    }

    static ObjectNode json(WmbusTelegram w) {
        ObjectNode root = NODES.objectNode();
        ObjectNode link = putLink(root.putObject("link"), w.link());
        link.put("tplCi", hex2(w.tplCi())).put("securityMode", w.securityMode());
        if (w.accessNumber() >= 0) {
            link.put("accessNumber", w.accessNumber());
        }
        if (w.ell() != null) {
            ObjectNode e = link.putObject("ell").put("ci", hex2(w.ell().ci())).put("cc", hex2(w.ell().cc()))
                    .put("accessNumber", w.ell().accessNumber());
            if (w.ell().sessionNumber() >= 0) {
                e.put("sessionNumber", w.ell().sessionNumber()).put("encryption", w.ell().encryption());
            }
        }
        if (w.afl() != null) {
            ObjectNode a = link.putObject("afl").put("fcl", String.format("%04X", w.afl().fcl()));
            if (w.afl().messageCounter() >= 0) {
                a.put("messageCounter", w.afl().messageCounter());
            }
            if (w.afl().macLength() > 0) {
                a.put("macVerified", w.afl().macVerified());
            }
        }
        if (w.compact()) {
            link.put("compact", true);
        }
        w.key().ifPresent(k -> link.put("key", k.toString()));
        if (w.rssi() != null) {
            link.put("rssi", w.rssi());
        }
        // the meter's identity first, so a short header (CI 7A) telegram still shows who sent it
        root.put("id", w.meter().id()).put("manufacturer", w.meter().manufacturer()).put("version",
                w.meter().version()).put("medium", org.metergate.mbus.Medium.name(w.meter().deviceType()))
                .put("mediumCode", hex2(w.meter().deviceType()));
        putTelegram(root, w.telegram());
        return root;
    }

    private static ObjectNode putLink(ObjectNode link, LinkHeader l) {
        return link.put("format", l.format().name()).put("l", l.l()).put("c", hex2(l.c()))
                .put("manufacturer", l.manufacturer()).put("id", l.id()).put("version", l.version())
                .put("deviceType", hex2(l.deviceType())).put("deviceTypeName", l.deviceTypeName())
                .put("ci", hex2(l.ci()));
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

    static void putTelegram(ObjectNode root, Telegram t) {
        TelegramJson.putTelegram(root, t);
    }

    static String text(Frame frame, Telegram t) {
        return TelegramJson.text(frame, t);
    }

    static String textBody(Telegram t) {
        return TelegramJson.textBody(t);
    }

    private static String hex2(int v) {
        return TelegramJson.hex2(v);
    }
}
