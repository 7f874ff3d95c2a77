package org.metergate.meters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The installed meters as a meter list (SPEC C1/C3 export): the template's columns followed by the
 * optional ones (Bus, identity, state, multi-telegram, timing, list position; {@link MeterListParser}), so
 * an export can be edited and imported again, onto a gateway with the same buses, with every setting as
 * it was. CSV (comma-separated, CRLF, fields quoted when needed, UTF-8) or XLSX with every cell as text
 * (leading zeros kept). Enhanced addresses are the receiver's 8 hex digits followed by the meter part
 * when known.
 */
public final class MeterListExport {

    public static final String CSV_NAME = "meterlist.csv";
    public static final String XLSX_NAME = "meterlist.xlsx";

    /** The columns of an export, in order: {@link MeterListParser#COLUMNS}. */
    public static final List<String> COLUMNS = MeterListParser.COLUMNS;

    private MeterListExport() {}

    public static String csv(List<Meter> meters) {
        StringBuilder b = new StringBuilder(String.join(",", MeterListParser.COLUMNS)).append("\r\n");
        for (Meter m : meters) {
            List<String> cells = row(m.settings());
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(quote(cells.get(i)));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    public static byte[] xlsx(List<Meter> meters) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Meters");
            DataFormat format = wb.createDataFormat();
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(format.getFormat("@"));
            Row header = sheet.createRow(0);
            for (int i = 0; i < MeterListParser.COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(MeterListParser.COLUMNS.get(i));
                sheet.setDefaultColumnStyle(i, text);
            }
            int r = 1;
            for (Meter m : meters) {
                Row row = sheet.createRow(r++);
                List<String> cells = row(m.settings());
                for (int i = 0; i < cells.size(); i++) {
                    Cell c = row.createCell(i);
                    c.setCellStyle(text);
                    c.setCellValue(cells.get(i));
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A meter's cells under {@link #COLUMNS}, as an export writes them (the installation report reuses them). */
    public static List<String> cells(Meter meter) {
        return row(meter.settings());
    }

    /** The cells of {@link MeterListParser#COLUMNS}: every setting, empty where it is unknown or the bus default. */
    static List<String> row(MeterSettings s) {
        String enhanced = s.enhancedReceiver() == null ? "" : s.enhancedReceiver() + (s.enhancedMeter() == null ? "" : s.enhancedMeter());
        String mode = switch (s.mode()) {
            case PRIMARY -> "Primary";
            case SECONDARY -> "Secondary";
            case ESECONDARY -> "ESecondary";
        };
        return List.of(s.name(), text(s.secondaryId()), String.valueOf(s.baud()), mode, text(s.primaryAddress()), enhanced,
                s.busId(), text(s.manufacturer()), text(s.version()), text(s.medium()), String.valueOf(s.active()),
                String.valueOf(s.multiTelegram()), String.valueOf(s.maxTelegrams()), text(s.responseTimeoutMs()),
                text(s.retries()), text(s.pauseMs()), text(s.listPosition()));
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static String quote(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf(';') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
