package org.metergate.report.render;

import freemarker.core.Environment;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Excel templates ({@code .xlsx.ftl}) write cells with two directives instead of text:
 * {@code <@sheet name="Values">…</@sheet>} starts a sheet, {@code <@row cells=[…] header=true/>} adds a
 * row. Strings become text cells, numbers numeric cells, booleans boolean cells. Streamed with SXSSF
 * (a window of rows in memory, the rest in a compressed temporary file), so row count is not bounded by memory.
 *
 * <p>Exactness: Excel keeps numbers as binary doubles. A number becomes a numeric cell only when the
 * double shows exactly the same decimal (at most 15 significant digits, the precision Excel displays);
 * otherwise it is written as a text cell with its exact digits, so no value is ever silently rounded.
 */
public final class Workbook implements AutoCloseable {

    private static final int WINDOW = 200;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final CellStyle headerStyle;
    private SXSSFSheet sheet;
    private int rowIndex;

    public Workbook() {
        workbook.setCompressTempFiles(true);
        Font bold = workbook.createFont();
        bold.setBold(true);
        headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
    }

    /** Makes {@code <@sheet>} and {@code <@row>} available to the template. */
    public void bind(freemarker.template.SimpleHash root) {
        root.put("sheet", (TemplateDirectiveModel) this::sheet);
        root.put("row", (TemplateDirectiveModel) this::row);
    }

    private void sheet(Environment env, @SuppressWarnings("rawtypes") Map params, TemplateModel[] loopVars,
                       TemplateDirectiveBody body) throws TemplateException, IOException {
        TemplateModel name = (TemplateModel) params.get("name");
        if (!(name instanceof TemplateScalarModel s)) {
            throw new TemplateModelException("<@sheet> needs name=\"…\"");
        }
        startSheet(s.getAsString());
        if (body != null) {
            body.render(env.getOut());
        }
    }

    private void startSheet(String name) throws TemplateModelException {
        String safe = WorkbookUtil.createSafeSheetName(name);
        if (workbook.getSheet(safe) != null) {
            throw new TemplateModelException("sheet \"" + safe + "\" exists already");
        }
        sheet = workbook.createSheet(safe);
        rowIndex = 0;
    }

    private void row(Environment env, @SuppressWarnings("rawtypes") Map params, TemplateModel[] loopVars,
                     TemplateDirectiveBody body) throws TemplateException {
        TemplateModel cells = (TemplateModel) params.get("cells");
        if (!(cells instanceof TemplateSequenceModel seq)) {
            throw new TemplateModelException("<@row> needs cells=[…] (a list)");
        }
        boolean header = params.get("header") instanceof TemplateBooleanModel b && b.getAsBoolean();
        if (sheet == null) {
            startSheet("Report");
        }
        Row row = sheet.createRow(rowIndex++);
        for (int i = 0; i < seq.size(); i++) {
            TemplateModel m = seq.get(i);
            Cell cell = row.createCell(i);
            if (header) {
                cell.setCellStyle(headerStyle);
            }
            if (m == null) {
                continue; // empty cell
            }
            if (m instanceof TemplateNumberModel n) {
                setNumber(cell, n.getAsNumber());
            } else if (m instanceof TemplateBooleanModel b) {
                cell.setCellValue(b.getAsBoolean());
            } else if (m instanceof TemplateScalarModel s) {
                cell.setCellValue(s.getAsString());
            } else {
                throw new TemplateModelException("<@row> cell " + (i + 1) + " is neither text, number nor boolean");
            }
        }
    }

    static void setNumber(Cell cell, Number n) {
        BigDecimal exact = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        double d = exact.doubleValue();
        if (exact.precision() <= 15 && !Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
            cell.setCellValue(d);
        } else {
            cell.setCellValue(exact.toPlainString()); // not representable as Excel shows numbers: keep every digit as text
        }
    }

    public void write(OutputStream out) throws IOException {
        if (workbook.getNumberOfSheets() == 0) {
            workbook.createSheet("Report");
        }
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        workbook.close(); // also deletes the temporary files
    }
}
