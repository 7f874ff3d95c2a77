package org.metergate.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * Timestamps are stored as SQL TIMESTAMP in UTC on every engine, whatever the JVM's zone,
 * so a database moved between hosts or a daylight-saving change never shifts history.
 */
public final class Jdbc {

    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private Jdbc() {}

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setTimestamp(index, Timestamp.from(instant), UTC.get());
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, UTC.get());
        return t == null ? null : t.toInstant();
    }

    public static Instant getInstant(ResultSet rs, int index) throws SQLException {
        Timestamp t = rs.getTimestamp(index, UTC.get());
        return t == null ? null : t.toInstant();
    }

    /** Whether the statement failed on a unique or primary key (SQLState 23505 on Derby and PostgreSQL alike). */
    public static boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505");
    }

    /** Whether the statement referenced a row that does not exist (SQLState 23503 on Derby and PostgreSQL alike). */
    public static boolean isMissingReference(SQLException e) {
        return hasState(e, "23503");
    }

    private static boolean hasState(SQLException e, String sqlState) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (sqlState.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
