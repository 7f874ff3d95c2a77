package org.metergate.mbus;

import java.util.List;

/**
 * A decoded RSP_UD (or other long/control frame with application data).
 *
 * @param c link-layer C field
 * @param a link-layer primary address
 * @param ci CI field
 * @param header null for an application error reply
 * @param records data records in telegram order (idle fillers dropped)
 * @param moreRecordsFollow the telegram ended with DIF 1Fh: read the next telegram of this meter
 * @param error non-null for a CI 70h application error reply
 */
public record Telegram(int c, int a, int ci, Header header, List<DataRecord> records,
        boolean moreRecordsFollow, ApplicationError error) {

    public Telegram {
        records = records instanceof RecordList ? records : List.copyOf(records);
    }

    public boolean isApplicationError() {
        return error != null;
    }
}
