package org.metergate.report.engine;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metergate.report.RenderRequest;
import org.metergate.report.ReportException;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportRenderer;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesValue;

/**
 * The engine tests' renderer, until the real one is merged: one line per stored value of the period
 * ({@code readout;meter;time;quantity;value}) read from the real value store, so what a receiver
 * got can be checked value by value. Event reports write their event lines.
 */
final class ValueLinesRenderer implements ReportRenderer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final Database db;
    private final ReadoutRepository values;

    ValueLinesRenderer(Database db) {
        this.db = db;
        this.values = new ReadoutRepository(db);
    }

    @Override
    public ReportFile render(RenderRequest r, Path directory) throws ReportException {
        if (r.template() % 1000 == 999) {
            throw new ReportException("template " + r.template() + ", line 1: broken on purpose");
        }
        try {
            Files.createDirectories(directory);
            String name = "test_" + (r.event().isEmpty() ? "valuereport" : "eventreport") + "_"
                    + STAMP.format(r.createdAt()) + "_" + r.reportNumber() + "_" + System.nanoTime() + ".csv";
            Path file = directory.resolve(name);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> e : r.event().entrySet()) {
                    w.write("#;" + e.getKey() + ";" + e.getValue() + "\n");
                }
                if (r.event().isEmpty()) {
                    for (long readout : readouts(r)) {
                        for (SeriesValue v : values.values(readout)) {
                            w.write(readout + ";" + v.meterId() + ";" + v.timestamp() + ";" + v.series().quantity() + ";"
                                    + v.display() + "\n");
                        }
                    }
                }
            }
            return new ReportFile(file, name, "text/csv; charset=utf-8");
        } catch (IOException | SQLException e) {
            throw new ReportException("template " + r.template() + ": " + e.getMessage(), e);
        }
    }

    private List<Long> readouts(RenderRequest r) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM readout WHERE created_at >= ? AND created_at < ? ORDER BY id")) {
            Jdbc.setInstant(ps, 1, r.period().from());
            Jdbc.setInstant(ps, 2, r.period().to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
