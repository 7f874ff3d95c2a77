package org.metergate.report.render;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import org.metergate.store.SeriesKey;

/** What a value is, as ready-made template scalars: made once per series and shared by all its values. */
final class SeriesModel {

    final SimpleNumber id;
    final SimpleScalar quantity;
    final SimpleScalar unit;
    final SimpleScalar function;
    // as text: printed in every row, and FreeMarker formats numbers on every interpolation (a third of
    // the x101 rendering time when these were numbers); ?number gives the number where one is needed
    final SimpleScalar storage;
    final SimpleScalar tariff;
    final SimpleScalar subunit;
    final SimpleScalar detail;
    final SimpleScalar description;

    SeriesModel(long id, SeriesKey k) {
        this.id = new SimpleNumber(id);
        quantity = new SimpleScalar(k.quantity());
        unit = new SimpleScalar(k.unit());
        function = new SimpleScalar(k.function());
        storage = new SimpleScalar(Long.toString(k.storage()));
        tariff = new SimpleScalar(Integer.toString(k.tariff()));
        subunit = new SimpleScalar(Integer.toString(k.subunit()));
        detail = new SimpleScalar(k.detail());
        description = new SimpleScalar(describe(k));
    }

    /**
     * The quantity, told apart from its siblings in one column: the function unless instantaneous, the
     * subunit when not 0 and the detail (VIFE annotation, "#2" for a repeat), e.g. "Power (maximum)".
     */
    static String describe(SeriesKey k) {
        StringBuilder b = new StringBuilder(k.quantity());
        boolean fn = !k.function().isEmpty() && !k.function().equals("instantaneous");
        if (fn || k.subunit() > 0) {
            b.append(" (");
            if (fn) {
                b.append(k.function());
            }
            if (k.subunit() > 0) {
                b.append(fn ? ", " : "").append("subunit ").append(k.subunit());
            }
            b.append(')');
        }
        if (!k.detail().isEmpty()) {
            b.append(' ').append(k.detail());
        }
        return b.toString();
    }
}
