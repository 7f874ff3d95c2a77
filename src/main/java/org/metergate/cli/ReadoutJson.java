package org.metergate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.metergate.bus.ReadoutResult;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Telegram;

/**
 * A readout in the decode command's JSON shape: the merged records of all telegrams under the
 * header of the last one, plus the bus address, status and the raw telegrams.
 */
final class ReadoutJson {

    private ReadoutJson() {}

    static ObjectNode of(ReadoutResult r) {
        ObjectNode root;
        if (r.ok()) {
            byte[] last = r.telegrams().get(r.telegrams().size() - 1);
            Frame frame;
            try {
                frame = FrameCodec.parse(last);
            } catch (MbusDecodeException e) {
                throw new IllegalStateException("a stored telegram no longer parses", e);
            }
            Frame.LongFrame lf = (Frame.LongFrame) frame;
            Telegram merged = new Telegram(lf.c(), lf.a(), lf.ci(), r.readout().header(), r.readout().records(), !r.readout().complete(), null);
            root = DecodeCommand.json(frame, merged);
        } else {
            root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            root.put("error", r.message());
        }
        root.put("address", r.address().toString());
        root.put("readout", r.status().name());
        root.put("telegrams", r.telegrams().size());
        var raw = root.putArray("raw");
        r.telegrams().forEach(t -> raw.add(HexFormat.of().withUpperCase().formatHex(t)));
        return root;
    }
}
