package org.metergate.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metergate.meters.LiveValues;
import org.metergate.admin.SystemLog;
import org.metergate.meters.MeterRegistry;
import org.metergate.store.ReadoutLogEntry;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesPage;
import org.metergate.store.SeriesQuery;
import org.metergate.store.SeriesValue;

/**
 * Stored values and readouts (SPEC E1, E3, G1): the latest value of every series, one meter's values
 * over a time range, and a meter's readout log.
 */
public final class ValuesApi extends ApiRouteBuilder {

    /** Without from/to, a meter's values and readouts cover this much history, so a query never sorts years. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(31);
    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int MAX_PAGE_SIZE = 10_000;

    private final ReadoutRepository values;
    private final MeterRegistry meters;
    private final Clock clock;

    private final LiveValues live;

    public ValuesApi(RequestAuthenticator auth, SystemLog systemLog, ReadoutRepository values, MeterRegistry meters,
                     LiveValues live, Clock clock) {
        super(auth, systemLog);
        this.live = live;
        this.values = values;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    protected void api() {
        rest("/api").description("Values and readouts")
                .get("/values/latest").description("The latest value of every series of every meter (meterId optional): stored,"
                        + " or from continuous mode (live: true, in memory only) when that is newer")
                    .produces("application/json").to("direct:api-values-latest")
                .get("/meters/{id}/values").description("A meter's stored values; query quantity, from, to (ISO-8601,"
                        + " default the last 31 days), page (0-based), size (1..10000, default 1000)")
                    .produces("application/json").to("direct:api-meter-values")
                .get("/meters/{id}/readouts").description("A meter's readout log (status, message, telegrams, values);"
                        + " query from, to (default the last 31 days), limit (1..10000, default 1000)")
                    .produces("application/json").to("direct:api-meter-readouts");

        operation("api-values-latest", Access.VIEWER, r -> {
            Optional<Long> only = r.query("meterId").map(ValuesApi::meterId);
            List<SeriesValue> latest = only.isPresent() ? values.latestValues(only.get()) : values.latestValues();
            // live values of meters removed since are dropped here (and forgotten)
            List<LiveValues.Live> current = (only.isPresent() ? live.of(only.get()).stream().toList() : live.all()).stream()
                    .filter(l -> {
                        boolean installed = meters.find(l.meterId()).isPresent();
                        if (!installed) {
                            live.forget(l.meterId());
                        }
                        return installed;
                    }).toList();
            return Map.of("values", LatestValues.merge(latest, current));
        });
        operation("api-meter-values", Access.VIEWER, r -> {
            long id = existingMeter(r.path("id"));
            Instant to = r.queryInstant("to").orElse(clock.instant().plusSeconds(1));
            Instant from = r.queryInstant("from").orElse(to.minus(DEFAULT_WINDOW));
            SeriesPage page;
            try {
                page = values.series(new SeriesQuery(id, r.query("quantity").orElse(null), null, from, to,
                        r.queryInt("page", 0, 0, 1_000_000), r.queryInt("size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("meterId", id);
            body.put("from", from);
            body.put("to", to);
            body.put("page", page.page());
            body.put("size", page.pageSize());
            body.put("more", page.more());
            body.put("values", page.values().stream().map(ValuesApi::value).toList());
            return body;
        });
        operation("api-meter-readouts", Access.VIEWER, r -> {
            long id = existingMeter(r.path("id"));
            Instant to = r.queryInstant("to").orElse(clock.instant().plusSeconds(1));
            Instant from = r.queryInstant("from").orElse(to.minus(DEFAULT_WINDOW));
            if (!from.isBefore(to)) {
                throw ApiException.badRequest("from must be before to");
            }
            List<ReadoutLogEntry> log = values.readouts(id, from, to, r.queryInt("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE));
            return Map.of("meterId", id, "readouts", log);
        });
    }

    private long existingMeter(String text) {
        long id = meterId(text);
        if (meters.find(id).isEmpty()) {
            throw ApiException.notFound("no meter " + id);
        }
        return id;
    }

    private static long meterId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("meter id must be a number, got '" + text + "'");
        }
    }

    static Map<String, Object> value(SeriesValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meterId", v.meterId());
        m.put("seriesId", v.seriesId());
        m.put("timestamp", v.timestamp());
        m.put("quantity", v.series().quantity());
        m.put("unit", v.series().unit());
        m.put("function", v.series().function());
        m.put("storage", v.series().storage());
        m.put("tariff", v.series().tariff());
        m.put("subunit", v.series().subunit());
        if (v.series().detail() != null && !v.series().detail().isEmpty()) {
            m.put("detail", v.series().detail());
        }
        m.put("value", v.number() != null ? v.number() : v.text());
        m.put("readoutId", v.readoutId());
        return m;
    }
}
