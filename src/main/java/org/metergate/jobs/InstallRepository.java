package org.metergate.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.metergate.meters.Meter;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.JobTable;
import org.metergate.store.StoreException;

/**
 * Tables install_job and install_item (V10__jobs.sql): each installation readout with one row per meter
 * to read, written 'pending' when the job starts and updated as each meter is read, so after a restart
 * it is known which meters were read, how, and which were not.
 */
public final class InstallRepository {

    static final JobTable TABLE = new JobTable("install_job", "created_at", "message");
    static final String PENDING = "pending";

    /** One job as stored. */
    public record Stored(long id, JobState state, String startedBy, int total, Instant created, Instant finished,
            String message) {
    }

    private final Database db;

    public InstallRepository(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    /** The job and its meters, all pending, in one transaction. */
    public void create(long id, String startedBy, List<Meter> meters, Instant at) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO install_job (id, job_state, started_by,"
                        + " meter_total, created_at) VALUES (?, 'QUEUED', ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, startedBy);
                    ps.setInt(3, meters.size());
                    Jdbc.setInstant(ps, 4, at);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO install_item (job_id, seq, meter_id, name, bus_id,"
                        + " result, manufacturer, version) VALUES (?, ?, ?, ?, ?, '" + PENDING + "', ?, ?)")) {
                    for (int i = 0; i < meters.size(); i++) {
                        Meter m = meters.get(i);
                        ps.setLong(1, id);
                        ps.setInt(2, i);
                        ps.setLong(3, m.id());
                        ps.setString(4, ScanRepository.truncate(m.settings().name(), 200));
                        ps.setString(5, m.settings().busId());
                        ps.setString(6, m.settings().manufacturer());
                        ScanRepository.setInt(ps, 7, m.settings().version());
                        ps.addBatch();
                    }
                    if (!meters.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store installation readout " + id, e);
        }
    }

    public void state(long id, JobState state, Instant finished, String message) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE install_job SET job_state = ?, finished_at = ?, message = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            if (finished == null) {
                ps.setNull(2, java.sql.Types.TIMESTAMP);
            } else {
                Jdbc.setInstant(ps, 2, finished);
            }
            ps.setString(3, ScanRepository.truncate(message, 400));
            ps.setLong(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update installation readout " + id, e);
        }
    }

    /** A meter has been read (or skipped). */
    public void item(long id, int seq, InstallReadouts.Item item, Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE install_item SET name = ?,"
                + " result = ?, message = ?, manufacturer = ?, version = ?, medium_name = ?, done_at = ?"
                + " WHERE job_id = ? AND seq = ?")) {
            ps.setString(1, ScanRepository.truncate(item.name(), 200));
            ps.setString(2, item.result());
            ps.setString(3, ScanRepository.truncate(item.message(), 1000));
            ps.setString(4, item.manufacturer());
            ScanRepository.setInt(ps, 5, item.version());
            ps.setString(6, ScanRepository.truncate(item.medium(), 60));
            Jdbc.setInstant(ps, 7, at);
            ps.setLong(8, id);
            ps.setInt(9, seq);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store meter " + item.meterId() + " of installation readout " + id, e);
        }
    }

    public Optional<Stored> find(long id) {
        List<Stored> one = select(" WHERE id = ?", ps -> ps.setLong(1, id));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** Newest first. */
    public List<Stored> list(int offset, int limit) {
        return select(" ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", ps -> {
            ps.setInt(1, offset);
            ps.setInt(2, limit);
        });
    }

    public long count() {
        return TABLE.count(db);
    }

    /** The job's meters in order; {@code result} is {@value #PENDING} until a meter has been read. */
    public List<InstallReadouts.Item> items(long id) {
        List<InstallReadouts.Item> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM install_item WHERE job_id = ? ORDER BY seq")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new InstallReadouts.Item(rs.getLong("meter_id"), rs.getString("name"), rs.getString("bus_id"),
                            rs.getString("result"), rs.getString("message"), rs.getString("manufacturer"),
                            ScanRepository.intOrNull(rs, "version"), rs.getString("medium_name"),
                            Jdbc.getInstant(rs, "done_at")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read installation readout " + id, e);
        }
        return out;
    }

    private List<Stored> select(String where, ScanRepository.Binder binder) {
        List<Stored> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM install_job" + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getLong("id"), JobState.valueOf(rs.getString("job_state")),
                            rs.getString("started_by"), rs.getInt("meter_total"), Jdbc.getInstant(rs, "created_at"),
                            Jdbc.getInstant(rs, "finished_at"), rs.getString("message")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read installation readouts", e);
        }
        return out;
    }
}
