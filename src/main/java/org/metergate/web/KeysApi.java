package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.metergate.admin.SystemLog;
import org.metergate.keys.KeyConflictException;
import org.metergate.keys.KeyCriteria;
import org.metergate.keys.KeyFileException;
import org.metergate.keys.KeyMatch;
import org.metergate.keys.KeyStore;
import org.metergate.keys.KeysUnavailableException;
import org.metergate.keys.StoredKey;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyLineParser;
import org.metergate.wmbus.MeterId;

/**
 * Wireless M-Bus keys over REST (SPEC B4, manual 6.15). A key is never returned in full, only masked
 * ({@code "A1…90"}), and never written to a log.
 * <ul>
 * <li>{@code GET /api/keys} — every key with its criteria, bound meter, times, and the store's status</li>
 * <li>{@code POST /api/keys} — one key: {@code {"key", "address", "manufacturer", "deviceType", "version"}}
 * (absent, null, "-1"/-1 or "*" = any), or {@code {"key", "meterId"}} to bind it to one meter</li>
 * <li>{@code DELETE /api/keys/{id}}</li>
 * <li>{@code POST /api/keys/import?replace=true} — a key file (CSV, XLSX, XLS; raw body or multipart field
 * "file"), all or nothing; 400 with every line/column error</li>
 * <li>{@code GET /api/keys/template.csv}, {@code GET /api/keys/matches}, {@code GET /api/meters/{id}/key}</li>
 * </ul>
 */
public final class KeysApi extends ApiRouteBuilder {

    private static final Set<String> FIELDS = Set.of("key", "address", "manufacturer", "deviceType", "version", "meterId");
    static final String TEMPLATE = "Address,Key,Manufacturer,DeviceType,Version\r\n";
    /** The manual's example file (figure 8; its first key corrected to 32 digits as SPEC B4 has it). */
    static final String EXAMPLES = "-1,AAAABBBBCCCCDDDDEEEEFFFF11112222,*,-1,-1\r\n"
            + "13360079,A1B2C3D4E5F6A1B2C3D4E5F678910111,ELV,-1,-1\r\n"
            + "-1,FFEEDDCCBBAA99887766554433221100,*,-1,-1\r\n"
            + "-1,AAAA1111BBBB2222CCCC3333DDDD4444,ACA,-1,-1\r\n"
            + "-1,9999AAAA8888BBBB7777CCCC6666DDDD,ELV,-1,2\r\n";

    private final KeyStore keys;
    private final MeterRegistry meters;

    public KeysApi(RequestAuthenticator auth, SystemLog systemLog, KeyStore keys, MeterRegistry meters) {
        super(auth, systemLog);
        this.keys = keys;
        this.meters = meters;
    }

    @Override
    protected void api() {
        rest("/api").description("Wireless M-Bus keys")
                // fixed paths before /keys/{id}: the first matching path wins
                .get("/keys/template.csv").description("Key file template (CSV); examples=true adds the manual's example lines")
                    .produces("text/csv").to("direct:api-keys-template")
                .get("/keys/matches").description("Which stored key last decrypted each meter's telegrams (since start)")
                    .produces("application/json").to("direct:api-keys-matches")
                .get("/keys").description("Stored keys (masked), their criteria, bound meter, last use; status of the key store")
                    .produces("application/json").to("direct:api-keys-list")
                .post("/keys").description("Add one key by criteria, or bind one to a meter (meterId)")
                    .consumes("application/json").produces("application/json").to("direct:api-keys-create")
                .post("/keys/import").description("Import a key file (CSV, XLSX, XLS; raw body or multipart field 'file')."
                        + " Query: replace=true removes every stored key first. Nothing is applied unless the whole file is"
                        + " valid; 400 lists every error with line and column")
                    .produces("application/json").to("direct:api-keys-import")
                .get("/keys/{id}").description("One key (masked)").produces("application/json").to("direct:api-keys-get")
                .delete("/keys/{id}").description("Remove a key").to("direct:api-keys-delete")
                .get("/meters/{id}/key").description("The key bound to a meter, the key that applies to it, and the"
                        + " key that last decrypted its telegrams").produces("application/json").to("direct:api-meter-key");

        operation("api-keys-template", Access.VIEWER, r -> ApiResponse.text(200, "text/csv; charset=utf-8",
                TEMPLATE + (r.query("examples").map(Boolean::parseBoolean).orElse(false) ? EXAMPLES : ""),
                Map.of("Content-Disposition", "attachment; filename=\"metergate-keys.csv\"")));
        operation("api-keys-matches", Access.VIEWER, r -> Map.of("matches", keys.lastMatches().stream().map(KeysApi::json).toList()));
        operation("api-keys-list", Access.VIEWER, r -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status());
            List<StoredKey> all = keys.list();
            body.put("total", all.size());
            body.put("keys", all.stream().map(KeysApi::json).toList());
            return body;
        });
        operation("api-keys-create", Access.ADMIN, this::create);
        operation("api-keys-import", Access.ADMIN, this::importFile);
        operation("api-keys-get", Access.VIEWER, r -> json(key(r)));
        operation("api-keys-delete", Access.ADMIN, r -> {
            StoredKey key = key(r);
            keys.delete(key.id());
            systemLog.info("keys", "Key " + key.id() + " (" + describe(key) + ") removed by " + r.user().username());
            return null;
        });
        operation("api-meter-key", Access.VIEWER, this::meterKey);
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("ok", keys.problem().isEmpty());
        keys.problem().ifPresent(p -> s.put("problem", p));
        return s;
    }

    private ApiResponse create(ApiRequest r) {
        JsonNode body = r.body(JsonNode.class);
        if (!body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in request body");
            }
        });
        byte[] key = key(body);
        StoredKey stored;
        try {
            if (body.hasNonNull("meterId")) {
                for (String f : List.of("address", "manufacturer", "deviceType", "version")) {
                    if (body.has(f)) {
                        throw ApiException.badRequest("field " + f + " must not be given with meterId: a bound key applies"
                                + " to that meter, whose identity comes from the meter registry");
                    }
                }
                Meter meter = meterFor(body.get("meterId"));
                stored = keys.bind(meter.id(), identity(meter), key);
            } else {
                stored = keys.add(criteria(body), key);
            }
        } catch (KeyConflictException e) {
            throw new ApiException(409, e.getMessage(), Map.of("existingId", e.existingId()));
        } catch (KeysUnavailableException e) {
            throw new ApiException(409, "keys cannot be added", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        systemLog.info("keys", "Key " + stored.id() + " (" + describe(stored) + ") "
                + (stored.bound() ? "bound" : "added") + " by " + r.user().username());
        return ApiResponse.json(201, json(stored)).withHeader("Location", "/api/keys/" + stored.id());
    }

    private Map<String, Object> importFile(ApiRequest r) throws IOException {
        boolean replace = r.queryBoolean("replace", false);
        byte[] content = Uploads.file(r, keys.parser().reader().maxBytes(), "key file");
        KeyStore.ImportResult result;
        try {
            result = keys.importFile(content, replace);
        } catch (KeyFileException e) {
            throw new ApiException(400, e.getMessage(), e.errors());
        } catch (KeysUnavailableException e) {
            throw new ApiException(409, "keys cannot be added", e.getMessage());
        }
        systemLog.info("keys", "Key file (" + result.format() + ") imported by " + r.user().username() + ": "
                + result.added() + " added, " + result.unchanged() + " already stored"
                + (replace ? ", " + result.removed() + " removed first" : ""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("added", result.added());
        body.put("unchanged", result.unchanged());
        body.put("removed", result.removed());
        body.put("format", result.format().name());
        body.put("total", keys.list().size());
        return body;
    }

    private Map<String, Object> meterKey(ApiRequest r) {
        Meter meter = meter(r.path("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meterId", meter.id());
        body.put("boundKey", keys.boundTo(meter.id()).map(KeysApi::json).orElse(null));
        Optional<MeterId> id = meterId(meter.settings());
        body.put("identityKnown", id.isPresent());
        body.put("applicableKey", id.flatMap(m -> keys.lookup().find(m)).flatMap(keys::idOf)
                .flatMap(keys::find).map(KeysApi::json).orElse(null));
        body.put("candidateKeyIds", id.map(m -> keys.candidates(m).stream().map(keys::idOf).flatMap(Optional::stream).toList())
                .orElse(List.of()));
        Optional<KeyMatch> last = id.flatMap(keys::lastMatch).or(() -> lastMatchByAddress(meter.settings()));
        body.put("lastMatch", last.map(KeysApi::json).orElse(null));
        return body;
    }

    /** For a meter whose identity the registry does not know in full: the last match of the same id (and manufacturer). */
    private Optional<KeyMatch> lastMatchByAddress(MeterSettings s) {
        if (s.secondaryId() == null) {
            return Optional.empty();
        }
        return keys.lastMatches().stream().filter(m -> m.meter().id().equalsIgnoreCase(s.secondaryId())
                && (s.manufacturer() == null || m.meter().manufacturer().equalsIgnoreCase(s.manufacturer()))).findFirst();
    }

    // ---- JSON in ----------------------------------------------------------------------------------------

    private static byte[] key(JsonNode body) {
        JsonNode k = body.get("key");
        if (k == null || k.isNull()) {
            throw ApiException.badRequest("field key required: the 16-byte AES key as 32 hex digits");
        }
        if (!k.isTextual()) {
            throw ApiException.badRequest("field key must be a string of 32 hex digits");
        }
        String hex = k.textValue().strip();
        if (!hex.matches("[0-9A-Fa-f]{32}")) {
            throw ApiException.badRequest("field key must be 32 hex digits (0-9, A-F), found " + hex.length() + " characters"
                    + (hex.length() == 32 ? " with a character that is not a hex digit" : ""));
        }
        return HexFormat.of().parseHex(hex);
    }

    /** The criteria fields, validated as a key file line is (the same rules and messages, named by field). */
    private static KeyCriteria criteria(JsonNode body) {
        List<String> fields = new ArrayList<>();
        fields.add(field(body, "address", "-1"));
        fields.add("00000000000000000000000000000000"); // the key is checked on its own: never in a message
        fields.add(field(body, "manufacturer", "*"));
        fields.add(field(body, "deviceType", "-1"));
        fields.add(field(body, "version", "-1"));
        try {
            KeyEntry entry = KeyLineParser.parseFields(fields, 0);
            return KeyCriteria.of(entry);
        } catch (KeyLineParser.KeyFormatException e) {
            List<Map<String, String>> detail = e.errors().stream().map(f -> Map.of("field", fieldName(f.column()),
                    "reason", f.message())).toList();
            KeyLineParser.FieldError first = e.errors().get(0);
            throw new ApiException(400, "field " + fieldName(first.column()) + " " + first.message()
                    + " (" + first.value() + ")", detail);
        }
    }

    private static String field(JsonNode body, String name, String any) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return any;
        }
        if (v.isTextual() || v.isIntegralNumber()) {
            return v.asText();
        }
        throw ApiException.badRequest("field " + name + " must be a string or a whole number");
    }

    private static String fieldName(String column) {
        return Character.toLowerCase(column.charAt(0)) + column.substring(1);
    }

    private Meter meterFor(JsonNode id) {
        if (!id.isIntegralNumber()) {
            throw ApiException.badRequest("field meterId must be a meter's id (a whole number)");
        }
        return meters.find(id.longValue()).orElseThrow(() -> ApiException.badRequest("field meterId: no meter " + id.longValue()));
    }

    private Meter meter(String id) {
        try {
            long n = Long.parseLong(id);
            return meters.find(n).orElseThrow(() -> ApiException.notFound("no meter " + n));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no meter " + id);
        }
    }

    private StoredKey key(ApiRequest r) {
        String v = r.path("id");
        try {
            long id = Long.parseLong(v);
            return keys.find(id).orElseThrow(() -> ApiException.notFound("no key " + id));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no key " + v);
        }
    }

    /** A meter's identity as far as the registry knows it; a key needs at least its id. */
    private static KeyCriteria identity(Meter meter) {
        MeterSettings s = meter.settings();
        if (s.secondaryId() == null) {
            throw ApiException.badRequest("field meterId: meter " + meter.id() + " has no secondary address (meter id)"
                    + " to bind a key to");
        }
        return new KeyCriteria(s.secondaryId(), s.manufacturer(), s.medium(), s.version());
    }

    private static Optional<MeterId> meterId(MeterSettings s) {
        if (s.secondaryId() == null || s.manufacturer() == null || s.medium() == null || s.version() == null) {
            return Optional.empty();
        }
        return Optional.of(MeterId.of(s.manufacturer(), s.secondaryId(), s.version(), s.medium()));
    }

    // ---- JSON out ---------------------------------------------------------------------------------------

    static Map<String, Object> json(StoredKey k) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", k.id());
        j.put("address", k.criteria().address());
        j.put("manufacturer", k.criteria().manufacturer());
        j.put("deviceType", k.criteria().deviceType());
        j.put("version", k.criteria().version());
        j.put("meterId", k.meterId());
        j.put("key", k.maskedKey());
        j.put("decryptable", k.decryptable());
        j.put("createdAt", k.createdAt());
        j.put("updatedAt", k.updatedAt());
        j.put("lastUsedAt", k.lastUsedAt());
        return j;
    }

    private static Map<String, Object> json(KeyMatch m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("manufacturer", m.meter().manufacturer());
        j.put("id", m.meter().id());
        j.put("version", m.meter().version());
        j.put("deviceType", m.meter().deviceType());
        j.put("keyId", m.keyId());
        j.put("at", m.at());
        return j;
    }

    /** For the system log: the criteria and the masked key, never the key. */
    private static String describe(StoredKey k) {
        KeyCriteria c = k.criteria();
        return (k.bound() ? "meter " + k.meterId() + ", " : "") + "address " + or(c.address()) + ", manufacturer "
                + or(c.manufacturer()) + ", device type " + or(c.deviceType()) + ", version " + or(c.version())
                + ", key " + k.maskedKey();
    }

    private static String or(Object v) {
        return v == null ? "any" : v.toString();
    }
}
