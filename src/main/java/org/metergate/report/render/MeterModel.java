package org.metergate.report.render;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.SimpleSequence;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateSequenceModel;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Configuration;
import freemarker.template.ObjectWrapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.mbus.Medium;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterSettings;
import org.metergate.store.LatestReadout;

/**
 * A meter as templates see it (docs/reports.md): the registry's fields, its last readout and the
 * telegrams of its latest readout with values. A meter whose history outlived its registry entry
 * has only {@code id}; its other text fields are empty.
 */
public final class MeterModel implements TemplateHashModel {

    static final ObjectWrapper WRAPPER = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build();
    private static final SimpleScalar EMPTY = new SimpleScalar("");

    private final long id;
    private final Map<String, TemplateModel> fields = new LinkedHashMap<>();

    MeterModel(long id, Meter meter, LatestReadout latest, Formats f) {
        this.id = id;
        fields.put("id", new SimpleNumber(id));
        MeterSettings s = meter == null ? null : meter.settings();
        fields.put("secondary", text(s == null ? null : s.secondaryId()));
        fields.put("manufacturer", text(s == null ? null : s.manufacturer()));
        fields.put("medium", text(s == null || s.medium() == null ? null : Medium.name(s.medium())));
        fields.put("mediumCode", s == null || s.medium() == null ? null : new SimpleNumber(s.medium()));
        fields.put("version", s == null || s.version() == null ? null : new SimpleNumber(s.version()));
        fields.put("moid", text(s == null ? null : s.name()));
        fields.put("primaryAddress", s == null || s.primaryAddress() == null ? null : new SimpleNumber(s.primaryAddress()));
        fields.put("addressing", text(s == null ? null : s.mode().id()));
        fields.put("bus", text(s == null ? null : s.busId()));
        fields.put("active", s != null && s.active() ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE);
        fields.put("installed", meter != null ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE);
        fields.put("status", text(meter == null ? null : meter.status().lastStatus()));
        fields.put("statusMessage", text(meter == null ? null : meter.status().lastMessage()));
        fields.put("lastReadout", text(f.local(meter == null ? null : meter.status().lastReadoutAt())));
        fields.put("lastReadoutUtc", text(Formats.utc(meter == null ? null : meter.status().lastReadoutAt())));
        fields.put("created", text(f.local(meter == null ? null : meter.createdAt())));
        Integer sb = latest == null ? null : latest.statusByte();
        fields.put("statusByte", sb == null ? null : new SimpleNumber(sb));
        fields.put("statusByteHex", text(sb == null ? null : String.format("%02X", sb)));
        fields.put("telegramsAt", text(f.local(latest == null ? null : latest.telegramsAt())));
        fields.put("telegramsAtUtc", text(Formats.utc(latest == null ? null : latest.telegramsAt())));
        fields.put("telegrams", telegrams(latest == null ? List.of() : latest.telegrams()));
    }

    public long id() {
        return id;
    }

    /** Adds a field computed elsewhere (the latest readout's values need the rendering's sources). */
    void put(String key, TemplateModel value) {
        fields.put(key, value);
    }

    private static TemplateModel text(String s) {
        return s == null || s.isEmpty() ? EMPTY : new SimpleScalar(s);
    }

    /** Each telegram: {@code index} (0, 1 … within the readout), {@code hex} (C field up to the checksum, as the manual's raw report), {@code frameHex} (whole frame). */
    private static TemplateSequenceModel telegrams(List<byte[]> frames) {
        List<TemplateModel> out = new ArrayList<>(frames.size());
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            Map<String, TemplateModel> t = new LinkedHashMap<>();
            t.put("index", new SimpleNumber(i));
            t.put("hex", new SimpleScalar(hex.formatHex(userData(f))));
            t.put("frameHex", new SimpleScalar(hex.formatHex(f)));
            out.add(new freemarker.template.SimpleHash(t, WRAPPER));
        }
        return new SimpleSequence(out, WRAPPER);
    }

    /** A long frame {@code 68 L L 68 C A CI … CS 16} without its head, checksum and stop; other frames whole. */
    static byte[] userData(byte[] frame) {
        if (frame.length >= 6 && (frame[0] & 0xFF) == 0x68 && (frame[3] & 0xFF) == 0x68 && (frame[frame.length - 1] & 0xFF) == 0x16) {
            return java.util.Arrays.copyOfRange(frame, 4, frame.length - 2);
        }
        return frame;
    }

    @Override
    public TemplateModel get(String key) {
        return fields.get(key);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
