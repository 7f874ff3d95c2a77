package org.metergate.camel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.metergate.bus.ReadoutResult;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.Header;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.MbusValue;
import org.metergate.mbus.Telegram;

/**
 * The one JSON (and text) shape of decoded telegrams and readouts, shared by the decode/read CLI,
 * the REST API and Camel's type converters (docs/decode.md documents it).
 */
public final class TelegramJson {

    /** Exact numbers stay exact: BigDecimals are written plain, never in float form. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private TelegramJson() {}

    /** A decoded frame in the JSON shape of docs/decode.md. */
    public static ObjectNode telegram(Frame frame, Telegram t) {
        ObjectNode root = NODES.objectNode();
        ObjectNode f = root.putObject("frame");
        if (frame instanceof Frame.Ack) {
            f.put("type", "ack");
            return root;
        }
        if (frame instanceof Frame.ShortFrame s) {
            f.put("type", "short").put("c", hex2(s.c())).put("a", s.a());
            return root;
        }
        f.put("type", frame instanceof Frame.ControlFrame ? "control" : "long")
                .put("c", hex2(t.c())).put("a", t.a()).put("ci", hex2(t.ci()));
        if (t.isApplicationError()) {
            root.put("error", t.error().description());
            if (t.error().code() >= 0) {
                root.put("errorCode", t.error().code());
            }
            return root;
        }
        putTelegram(root, t);
        return root;
    }

    /** The header fields and records of a telegram (shared by wired and wireless JSON). */
    public static void putTelegram(ObjectNode root, Telegram t) {
        Header h = t.header();
        putIf(root, "id", h.id());
        putIf(root, "manufacturer", h.manufacturer());
        if (h.version() >= 0) {
            root.put("version", h.version());
        }
        if (h.medium() >= 0) {
            root.put("medium", h.mediumName()).put("mediumCode", hex2(h.medium()));
        }
        if (h.accessNumber() >= 0) {
            root.put("accessNumber", h.accessNumber());
        }
        if (h.status() >= 0) {
            root.put("status", hex2(h.status()));
        }
        if (t.moreRecordsFollow()) {
            root.put("moreRecordsFollow", true);
        }
        var records = root.putArray("records");
        for (DataRecord r : t.records()) {
            ObjectNode o = records.addObject();
            o.put("function", r.function().label())
                    .put("storage", r.storage())
                    .put("tariff", r.tariff())
                    .put("subunit", r.subunit())
                    .put("quantity", r.quantity())
                    .put("unit", r.unit());
            MbusValue v = r.value();
            if (v instanceof MbusValue.Numeric n) {
                o.put("value", n.value());
            } else if (v instanceof MbusValue.None) {
                o.putNull("value");
            } else {
                o.put("value", v.text());
            }
            if (v instanceof MbusValue.DateTime dt) {
                dateFlags(o, dt);
            }
            if (!r.annotations().isEmpty()) {
                var a = o.putArray("annotations");
                r.annotations().forEach(a::add);
            }
            o.put("dif", r.dib().hex()).put("vif", r.vib().hex()).put("raw", r.raw().hex());
        }
    }

    /** Only the flags that are set, so type F/I records without them keep the documented shape. */
    private static void dateFlags(ObjectNode o, MbusValue.DateTime dt) {
        if (dt.invalid()) {
            o.put("invalid", true);
        }
        if (dt.summerTime()) {
            o.put("summerTime", true);
        }
        MbusValue.Calendar c = dt.calendar();
        if (c.dayOfWeek() > 0) {
            o.put("dayOfWeek", c.dayOfWeek());
        }
        if (c.week() > 0) {
            o.put("week", c.week());
        }
        if (c.leapYear()) {
            o.put("leapYear", true);
        }
        if (c.dstDeviationHours() != 0) {
            o.put("dstDeviationHours", c.dstDeviationHours());
        }
    }

    /** The same as a readable text block. */
    public static String text(Frame frame, Telegram t) {
        StringBuilder sb = new StringBuilder();
        if (t == null) {
            sb.append(frame).append('\n');
            return sb.toString();
        }
        sb.append(String.format("frame: %s C=%02X A=%d CI=%02X%n",
                frame instanceof Frame.ControlFrame ? "control" : "long", t.c(), t.a(), t.ci()));
        if (t.isApplicationError()) {
            sb.append("application error: ").append(t.error().description()).append('\n');
            return sb.toString();
        }
        sb.append(textBody(t));
        return sb.toString();
    }

    /** Header and records as text (shared by wired and wireless output). */
    public static String textBody(Telegram t) {
        StringBuilder sb = new StringBuilder();
        Header h = t.header();
        sb.append(String.format("id %s  manufacturer %s  version %s  medium %s  access %d  status %02X%n",
                h.id(), h.manufacturer(), h.version() < 0 ? "-" : h.version(), h.mediumName(), h.accessNumber(),
                Math.max(h.status(), 0)));
        int i = 0;
        for (DataRecord r : t.records()) {
            MbusValue v = r.value();
            String flags = v instanceof MbusValue.DateTime dt ? dt.flags() : "";
            flags = flags.isEmpty() ? "" : " (" + flags + ")";
            sb.append(String.format("%3d  %-13s st=%d t=%d su=%d  %-28s %s%s %s%s%n", i++, r.function().label(),
                    r.storage(), r.tariff(), r.subunit(), r.quantity(), v.text(), flags, r.unit(),
                    r.annotations().isEmpty() ? "" : "  " + r.annotations()));
        }
        if (t.moreRecordsFollow()) {
            sb.append("more records follow in the next telegram\n");
        }
        return sb.toString();
    }

    /**
     * A readout: the merged records of all its telegrams under the header of the last one, plus the
     * address, the readout status and the raw telegrams (hex).
     */
    public static ObjectNode readout(ReadoutResult r) {
        ObjectNode root;
        if (r.ok()) {
            byte[] last = r.telegrams().get(r.telegrams().size() - 1);
            Frame frame;
            try {
                frame = FrameCodec.parse(last);
            } catch (MbusDecodeException e) {
                throw new IllegalStateException("a telegram that decoded before no longer parses", e);
            }
            Frame.LongFrame lf = (Frame.LongFrame) frame;
            Telegram merged = new Telegram(lf.c(), lf.a(), lf.ci(), r.readout().header(), r.readout().records(),
                    !r.readout().complete(), null);
            root = telegram(frame, merged);
        } else {
            root = NODES.objectNode();
            root.put("error", r.message());
        }
        root.put("address", r.address().toString());
        root.put("readout", r.status().name());
        root.put("telegrams", r.telegrams().size());
        root.put("time", r.started().toString());
        var raw = root.putArray("raw");
        r.telegrams().forEach(t -> raw.add(HexFormat.of().withUpperCase().formatHex(t)));
        return root;
    }

    private static void putIf(ObjectNode o, String k, String v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    public static String hex2(int v) {
        return String.format("%02X", v);
    }
}
