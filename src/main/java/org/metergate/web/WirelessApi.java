package org.metergate.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.metergate.admin.SystemLog;
import org.metergate.camel.WmbusConsumer;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.wireless.ListenSession;
import org.metergate.wireless.ListenSessions;
import org.metergate.wireless.ReceptionRepository;
import org.metergate.wireless.WirelessMeters;

/**
 * Wireless meters (SPEC A7 wireless scan, B1, C5): listen for N minutes, install what was heard, reinstall
 * (each meter to its strongest receiver), the receivers of a meter with their RSSI, the running receivers.
 */
public final class WirelessApi extends ApiRouteBuilder {
    /** Longest listen session (the reference product's scans take up to 20 minutes). */
    static final int MAX_LISTEN_MINUTES = 120;

    private final WirelessMeters wireless;
    private final MeterRegistry meters;
    private final java.time.Clock clock;

    public WirelessApi(RequestAuthenticator auth, SystemLog systemLog, WirelessMeters wireless, MeterRegistry meters,
            java.time.Clock clock) {
        super(auth, systemLog);
        this.wireless = wireless;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Body of POST /api/wireless/install: the meter ids to install (empty or absent: all found) and the
     * listen session they were heard in (absent: the latest, also one from before a restart).
     */
    public record InstallRequest(List<String> meters, String session) {
    }

    @Override
    protected void api() {
        rest("/api/wireless").description("Wireless meters")
                .post("/listen").description("Listen for telegrams (SPEC A7 wireless scan). Query: minutes (1.." + MAX_LISTEN_MINUTES
                        + ") or seconds (1..7200); answers 202 with the session")
                    .produces("application/json").to("direct:api-wireless-listen-start")
                .get("/listen").description("The listen session (query session=listen-N, default the latest, also from"
                        + " before a restart): state, progress and every meter heard, with status and RSSI per receiver")
                    .produces("application/json").to("direct:api-wireless-listen-get")
                .get("/listen/sessions").description("The stored listen sessions, newest first, without their meters"
                        + " (page 0-based, size 1.." + InstallationApi.MAX_PAGE + ", default 20)")
                    .produces("application/json").to("direct:api-wireless-listen-list")
                .delete("/listen").description("Stop the running listen session now (what was heard stays); query"
                        + " session=listen-N stops only that one: 404 unknown, 409 when it is not running").to("direct:api-wireless-listen-stop")
                .post("/install").description("Install meters heard by the listen session, each on its strongest receiver;"
                        + " body {\"meters\":[ids], \"session\": \"listen-N\" (default the latest)} or none for all")
                    .produces("application/json").to("direct:api-wireless-install")
                .post("/reinstall").description("SPEC C5: move every wireless meter to the receiver that hears it best now")
                    .produces("application/json").to("direct:api-wireless-reinstall")
                .get("/meters/{id}/receivers").description("The receivers that hear a wireless meter, strongest first,"
                        + " and the one serving it").produces("application/json").to("direct:api-wireless-receptions")
                .get("/receivers").description("The running wmbus: receivers with their counters")
                    .produces("application/json").to("direct:api-wireless-receivers");

        operation("api-wireless-listen-start", Access.ADMIN, r -> {
            Duration length;
            if (r.query("seconds").isPresent()) {
                length = Duration.ofSeconds(r.queryInt("seconds", 60, 1, MAX_LISTEN_MINUTES * 60));
            } else {
                length = Duration.ofMinutes(r.queryInt("minutes", 1, 1, MAX_LISTEN_MINUTES));
            }
            ListenSession s;
            try {
                s = wireless.startListen(length, r.user().username());
            } catch (IllegalStateException e) {
                throw new ApiException(409, e.getMessage());
            }
            systemLog.info("wireless", "Listening for wireless meters for " + length.toSeconds() + " s, started by "
                    + r.user().username());
            return ApiResponse.json(202, s.snapshot(clock.instant()));
        });
        operation("api-wireless-listen-get", Access.VIEWER, r -> session(r).snapshot(clock.instant()));
        operation("api-wireless-listen-list", Access.VIEWER, r -> {
            int page = r.queryInt("page", 0, 0, Integer.MAX_VALUE / InstallationApi.MAX_PAGE);
            int size = r.queryInt("size", 20, 1, InstallationApi.MAX_PAGE);
            ListenSessions sessions = wireless.listenSessions();
            return InstallationApi.page(page, size, sessions.count(), "sessions", sessions.list(page * size, size));
        });
        operation("api-wireless-listen-stop", Access.ADMIN, r -> {
            ListenSession s = session(r);
            if (r.query("session").isEmpty()) {
                wireless.listenSessions().stopCurrent(); // the running one, if any: nothing to say when none runs
            } else if (!wireless.listenSessions().stop(s)) {
                // a named session that has ended must not stop another one that happens to run now
                throw new ApiException(409, "listen session " + s.id() + " is not running (state "
                        + s.snapshot(clock.instant()).state() + "): nothing to stop");
            }
            return null;
        });
        operation("api-wireless-install", Access.ADMIN, r -> {
            String text = r.exchange().getIn().getBody(String.class);
            List<String> ids = List.of();
            String sessionId = null;
            if (text != null && !text.isBlank()) {
                r.exchange().getIn().setBody(text); // read once; ApiRequest.body parses it with the API's rules
                InstallRequest req = r.body(InstallRequest.class);
                ids = req.meters() == null ? List.of() : req.meters();
                sessionId = req.session();
            }
            List<Meter> installed;
            try {
                installed = wireless.installFound(ids, sessionId);
            } catch (java.util.NoSuchElementException e) {
                throw ApiException.notFound(e.getMessage());
            } catch (IllegalStateException e) {
                throw new ApiException(409, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Meter m : installed) {
                out.add(meter(m));
            }
            return ApiResponse.json(201, Map.of("installed", out));
        });
        operation("api-wireless-reinstall", Access.ADMIN, r -> Map.of("moved", wireless.reinstall()));
        operation("api-wireless-receptions", Access.VIEWER, r -> {
            long id;
            try {
                id = Long.parseLong(r.path("id"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("meter id must be a number");
            }
            Meter m = meters.find(id).orElseThrow(() -> ApiException.notFound("no meter " + id));
            if (!WirelessMeters.isWireless(m.settings())) {
                throw ApiException.badRequest("meter " + id + " is not a wireless meter (addressing mode esecondary"
                        + " without enhanced address)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("meterId", id);
            body.put("servedBy", m.settings().busId());
            List<Map<String, Object>> rx = new ArrayList<>();
            for (ReceptionRepository.Row row : wireless.receptions(id)) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("receiver", row.receiverId());
                x.put("rssi", row.lastRssi());
                x.put("bestRssi", row.bestRssi());
                x.put("telegrams", row.count());
                x.put("firstHeard", row.firstHeard());
                x.put("lastHeard", row.lastHeard());
                rx.add(x);
            }
            body.put("receivers", rx);
            return body;
        });
        operation("api-wireless-receivers", Access.VIEWER, r -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Route route : getContext().getRoutes()) {
                if (route.getConsumer() instanceof WmbusConsumer c) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("route", route.getRouteId());
                    x.put("endpoint", route.getEndpoint().getEndpointBaseUri());
                    x.put("listening", c.receiver() == null ? null : c.receiver().describe());
                    x.put("frames", c.frames());
                    x.put("framingErrors", c.framingErrors());
                    out.add(x);
                }
            }
            return Map.of("receivers", out);
        });
    }

    private ListenSession session(ApiRequest r) {
        if (r.query("session").isPresent()) {
            String id = r.query("session").get();
            return wireless.listenSessions().find(id).orElseThrow(() -> ApiException.notFound("no listen session " + id));
        }
        ListenSession s = wireless.currentListen();
        if (s == null) {
            throw ApiException.notFound("no listen session yet: POST /api/wireless/listen?minutes=N");
        }
        return s;
    }

    private static Map<String, Object> meter(Meter m) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", m.id());
        x.put("name", m.settings().name());
        x.put("secondaryAddress", m.settings().secondaryId());
        x.put("manufacturer", m.settings().manufacturer());
        x.put("receiver", m.settings().busId());
        x.put("active", m.active());
        return x;
    }
}
