package org.metergate.mbus;

import java.util.ArrayList;
import java.util.List;

/**
 * The merged result of a multi-telegram readout (EN 13757-3: DIF 1Fh asks the master to send
 * REQ_UD2 with toggled FCB for the next telegram). Records are concatenated in order; the empty
 * "more records follow" markers are dropped, manufacturer data with content is kept.
 *
 * @param header the header of the last telegram (latest access number and status)
 * @param complete false when the last telegram still announced more records (telegram limit hit)
 */
public record MeterReadout(Header header, List<DataRecord> records, int telegrams, boolean complete) {

    public MeterReadout {
        records = List.copyOf(records);
    }

    public static MeterReadout merge(List<Telegram> telegrams) throws MbusDecodeException {
        if (telegrams.isEmpty()) {
            throw new MbusDecodeException("no telegram to merge", -1);
        }
        List<DataRecord> all = new ArrayList<>();
        Header first = null;
        Telegram last = null;
        int i = 0;
        for (Telegram t : telegrams) {
            i++;
            if (t.isApplicationError()) {
                throw new MbusDecodeException("telegram " + i + " is an application error: "
                        + t.error().description(), -1);
            }
            Header h = t.header();
            if (first == null) {
                first = h;
            } else if (!java.util.Objects.equals(first.id(), h.id())
                    || first.manufacturerCode() != h.manufacturerCode()) {
                throw new MbusDecodeException("telegram " + i + " is from meter " + h.id() + ", not " + first.id(), -1);
            }
            for (DataRecord r : t.records()) {
                if (r.function() == Function.MORE_RECORDS_FOLLOW && r.data().isEmpty()) {
                    continue;
                }
                all.add(r);
            }
            last = t;
        }
        return new MeterReadout(last.header(), all, telegrams.size(), !last.moreRecordsFollow());
    }
}
