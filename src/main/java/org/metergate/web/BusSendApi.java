package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.metergate.admin.SystemLog;
import org.metergate.bus.BusOwner;
import org.metergate.bus.Reply;
import org.metergate.camel.TelegramJson;
import org.metergate.jobs.BusAccess;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.RawFrames;
import org.metergate.mbus.TelegramDecoder;

/**
 * "Send command" through the running gateway (SPEC A8, the manual's "Skicka kommando"):
 * {@code POST /api/buses/{bus}/send} queues a raw frame on the bus's owner — between scheduled readouts,
 * never on a second connection to the port — and answers what came back: the reply frame's hex and
 * decode, {@code E5} for an acknowledgement, or that nothing answered in time. Every command is written
 * to the system log (who, which bus, what, the answer).
 */
public final class BusSendApi extends ApiRouteBuilder {

    /** Longest wait for the bus to be free and the command to run (a scan may hold the bus for minutes). */
    static final long QUEUE_TIMEOUT_SECONDS = 120;
    private static final Set<String> FIELDS = Set.of("hex", "checksum", "expectAnswer", "timeoutMs");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final BusAccess buses;

    public BusSendApi(RequestAuthenticator auth, SystemLog systemLog, BusAccess buses) {
        super(auth, systemLog);
        this.buses = buses;
    }

    /** A validated command: the frame to send, whether to wait for an answer, and how long (null: the bus's timing). */
    record Command(byte[] frame, boolean expectAnswer, Integer timeoutMs) {}

    @Override
    protected void api() {
        rest("/api").description("Send command (SPEC A8)")
                .post("/buses/{bus}/send").description("Send a raw M-Bus frame on a bus, queued on its bus owner between"
                        + " readouts. Body: the frame as hex (text/plain), or JSON {hex, checksum?: \"auto\" (computed;"
                        + " then give the frame without checksum and stop byte), expectAnswer? (default true), timeoutMs?"
                        + " (1..60000, default the bus's response timeout)}. Answers {answer: frame|ack|timeout|collision|"
                        + "sent, hex, decode?}; written to the system log")
                    .produces("application/json").to("direct:api-bus-send");
        operation("api-bus-send", Access.ADMIN, this::send);
    }

    private Map<String, Object> send(ApiRequest r) {
        String bus = r.path("bus");
        BusOwner owner = buses.owner(bus).orElseThrow(() -> ApiException.notFound("no route reads bus '" + bus + "'"));
        Command command = command(r);
        Integer timeout = command.timeoutMs();
        byte[] frame = command.frame();
        CompletableFuture<Reply> future = owner.submit("send command", m -> m.sendRaw(frame, timeout, command.expectAnswer()));
        Reply reply;
        try {
            reply = future.get(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ApiException(503, "bus '" + bus + "' was busy for " + QUEUE_TIMEOUT_SECONDS + " s: command not sent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for bus '" + bus + "'");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            systemLog.warning("bus", "Command " + HEX.formatHex(frame) + " by " + r.user().username() + " to bus " + bus
                    + " failed: " + cause.getMessage());
            throw new ApiException(502, "bus '" + bus + "': " + cause.getMessage());
        }
        Map<String, Object> out = answer(bus, frame, reply);
        systemLog.info("bus", "Command " + HEX.formatHex(frame) + " sent by " + r.user().username() + " to bus " + bus
                + ": " + out.get("answer") + (out.containsKey("hex") ? " " + out.get("hex") : ""));
        return out;
    }

    static Map<String, Object> answer(String bus, byte[] frame, Reply reply) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bus", bus);
        out.put("sent", HEX.formatHex(frame));
        if (reply == null) {
            out.put("answer", "sent");
            return out;
        }
        switch (reply.kind()) {
            case NONE -> {
                out.put("answer", "timeout");
                out.put("detail", reply.detail());
            }
            case COLLISION -> {
                out.put("answer", "collision");
                out.put("hex", HEX.formatHex(reply.raw()));
                out.put("detail", reply.detail());
            }
            case SINGLE -> {
                Frame f = reply.frame();
                out.put("answer", f instanceof Frame.Ack ? "ack" : "frame");
                out.put("hex", HEX.formatHex(FrameCodec.encode(f)));
                if (f instanceof Frame.LongFrame lf) {
                    ObjectNode decode;
                    try {
                        decode = TelegramJson.telegram(lf, TelegramDecoder.decode(lf));
                    } catch (MbusDecodeException | RuntimeException e) {
                        decode = TelegramJson.MAPPER.createObjectNode().put("error", e.getMessage());
                    }
                    out.put("decode", decode);
                } else if (!(f instanceof Frame.Ack)) {
                    out.put("decode", TelegramJson.telegram(f, null));
                }
            }
        }
        return out;
    }

    /** The body: hex as text, or the JSON form. Everything wrong is a 400 naming the field and what is wrong. */
    static Command command(ApiRequest r) {
        String text = r.exchange().getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("request body required: the frame as hex, or {\"hex\": \"...\"}");
        }
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return new Command(frame(trimmed, false), true, null);
        }
        r.exchange().getIn().setBody(text);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(trimmed);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON body", e.getOriginalMessage());
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in request body (hex, checksum, expectAnswer,"
                        + " timeoutMs)");
            }
        });
        String hex = Fields.text(body, "hex");
        if (hex == null || hex.isBlank()) {
            throw ApiException.badRequest("field hex required: the frame as hex, e.g. 10 7B 05 80 16");
        }
        String checksum = Fields.text(body, "checksum");
        if (checksum != null && !checksum.equalsIgnoreCase("auto")) {
            throw ApiException.badRequest("field checksum must be \"auto\" (or left out: the frame carries its own)");
        }
        boolean expect = Fields.bool(body, "expectAnswer", true);
        Integer timeout = Fields.integer(body, "timeoutMs", 1, 60_000);
        if (!expect && timeout != null) {
            throw ApiException.badRequest("field timeoutMs applies only when expectAnswer is true");
        }
        return new Command(frame(hex, checksum != null), expect, timeout);
    }

    private static byte[] frame(String hex, boolean autoChecksum) {
        String digits = hex.replaceAll("[\\s:]+", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw ApiException.badRequest("field hex: '" + digits.charAt(i) + "' at position " + (i + 1)
                        + " is not a hex digit");
            }
        }
        if (digits.length() % 2 != 0) {
            throw ApiException.badRequest("field hex: odd number of hex digits (" + digits.length() + "): each byte is two");
        }
        if (digits.length() / 2 > FrameCodec.MAX_FRAME) {
            throw ApiException.badRequest("field hex: " + digits.length() / 2 + " bytes, longer than any M-Bus frame ("
                    + FrameCodec.MAX_FRAME + ")");
        }
        byte[] bytes = HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
        try {
            byte[] frame = autoChecksum ? RawFrames.withChecksum(bytes) : MasterRequests.raw(bytes);
            if (FrameCodec.parse(frame) instanceof Frame.Ack) {
                throw ApiException.badRequest("field hex: E5 is a slave's acknowledgement, not a request");
            }
            return frame;
        } catch (MbusDecodeException e) {
            throw ApiException.badRequest("field hex: not a valid M-Bus frame: " + e.getMessage()
                    + (autoChecksum ? "" : " (send \"checksum\":\"auto\" to have the checksum computed)"));
        }
    }
}
