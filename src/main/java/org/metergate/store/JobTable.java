package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * The chores every job-history table (scan_job, install_job, listen_session; V10__jobs.sql) shares: ids
 * that go on after a restart, marking what was left QUEUED/RUNNING as INTERRUPTED at start-up, and the
 * retention rule. Children (found meters, items) go with their job through ON DELETE CASCADE.
 *
 * @param table the job table; its columns {@code id}, {@code job_state}, {@code message} or
 *     {@code error_message}, {@code finished_at} and the creation time column are used
 */
public record JobTable(String table, String createdColumn, String messageColumn) {

    /** How many finished jobs of one kind are kept, and for how long at most (README: metergate.jobs.*). */
    public record Retention(int keep, Duration maxAge) {
        public Retention {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, got " + keep);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("the age limit must be positive, got " + maxAge);
            }
        }

        public static final Retention DEFAULT = new Retention(50, Duration.ofDays(90));
    }

    /**
     * Runs a write with the thread's interrupt flag set aside: embedded Derby breaks the connection of an
     * interrupted thread (SQLSTATE 08000), and a job's last write comes right after the interrupt that
     * stopped it (the bus owner or the job thread shut down). The flag is set again afterwards.
     */
    public static void uninterrupted(Runnable write) {
        boolean interrupted = Thread.interrupted();
        try {
            write.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The highest id used so far (0 for none): new ids continue after it, also after a restart. */
    public long maxId(Database db) {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(id) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the last id of " + table, e);
        }
    }

    /**
     * Marks every QUEUED or RUNNING job INTERRUPTED with {@code message} and {@code now} as its end:
     * run at start-up, when nothing of this gateway can be running yet. Returns how many.
     */
    public int interruptUnfinished(Database db, String message, Instant now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + " SET job_state = 'INTERRUPTED', " + messageColumn + " = ?, finished_at = ?"
                + " WHERE job_state IN ('QUEUED', 'RUNNING')")) {
            ps.setString(1, message);
            Jdbc.setInstant(ps, 2, now);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot mark the unfinished jobs of " + table + " interrupted", e);
        }
    }

    /**
     * Deletes finished jobs beyond the newest {@code keep} and those created before {@code now - maxAge};
     * QUEUED and RUNNING ones stay whatever their age. Returns how many jobs went.
     */
    public int prune(Database db, Retention retention, Instant now) {
        try {
            return db.inTransaction(c -> {
                long oldestKept = 0;
                // portable "the keep-th newest": OFFSET/FETCH runs on Derby 10.5+ and PostgreSQL
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table
                        + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
                    ps.setInt(1, retention.keep() - 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            oldestKept = rs.getLong(1);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                        + " WHERE job_state NOT IN ('QUEUED', 'RUNNING') AND (id < ? OR " + createdColumn + " < ?)")) {
                    ps.setLong(1, oldestKept);
                    Jdbc.setInstant(ps, 2, now.minus(retention.maxAge()));
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("cannot prune " + table, e);
        }
    }

    /** How many jobs the table holds. */
    public long count(Database db) {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count " + table, e);
        }
    }
}
