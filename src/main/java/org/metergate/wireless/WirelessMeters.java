package org.metergate.wireless;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.metergate.admin.SystemLog;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.ReadoutResult;
import org.metergate.camel.WmbusMessage;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Medium;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;
import org.metergate.receiver.Reception;
import java.util.function.BiConsumer;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.MeterId;

/**
 * Wireless meters in the registry (SPEC B1, C5, A7): an installed wireless meter is addressing mode
 * {@code esecondary} without an enhanced (wired receiver) address; its bus id is the receiver that
 * serves it. Each received telegram of such a meter becomes a readout like a wired one; the receivers
 * that heard it are recorded with their RSSI. A meter whose bus id is no receiver that has heard it
 * (just installed from a list) is given the strongest one; afterwards only "reinstall" moves it.
 * A "no key" or "decryption failed" of an installed meter is a failed readout and a system-log error,
 * never values.
 */
public final class WirelessMeters {
    /** The bus id of a wireless meter no receiver serves yet (installed from a list); any non-receiver id works the same. */
    public static final String UNASSIGNED = "wireless";

    /** How long the meter index lives before it is read again from the registry. */
    static final Duration INDEX_TTL = Duration.ofSeconds(2);

    /** A telegram of an installed meter, ready for direct:readout. */
    public record Readout(long meterId, String receiverId, ReadoutResult result) {
    }

    /** A meter whose serving receiver changed on reinstall. */
    public record Moved(long meterId, String name, String from, String to, Integer rssi) {
    }

    private final MeterRegistry registry;
    private final ReceptionRepository receptions;
    private final SystemLog systemLog;
    private final Clock clock;
    private final BiConsumer<MeterId, KeyEntry> keyUsed;
    private Map<String, List<Meter>> index = Map.of();
    private Instant indexedAt = Instant.MIN;
    private final ListenSessions listen;

    /** {@code keyUsed} learns which key decrypted each meter's telegram (the key store's "matched key"). */
    public WirelessMeters(MeterRegistry registry, ReceptionRepository receptions, ListenSessions listen, SystemLog systemLog,
            Clock clock, BiConsumer<MeterId, KeyEntry> keyUsed) {
        this.keyUsed = keyUsed;
        this.listen = listen;
        this.registry = registry;
        this.receptions = receptions;
        this.systemLog = systemLog;
        this.clock = clock;
    }

    public static boolean isWireless(MeterSettings s) {
        return s.mode() == AddressingMode.ESECONDARY && s.enhancedReceiver() == null;
    }

    /** The installed wireless meter with this identity (unknown manufacturer/version/medium match any). */
    public synchronized Optional<Meter> installed(MeterId id) {
        Instant now = clock.instant();
        if (Duration.between(indexedAt, now).compareTo(INDEX_TTL) > 0 || now.isBefore(indexedAt)) {
            index = registry.repository().all().stream().filter(m -> isWireless(m.settings()))
                    .collect(Collectors.groupingBy(m -> m.settings().secondaryId()));
            indexedAt = now;
        }
        for (Meter m : index.getOrDefault(id.id(), List.of())) {
            MeterSettings s = m.settings();
            if ((s.manufacturer() == null || s.manufacturerCode() == id.manufacturerCode())
                    && (s.version() == null || s.version() == id.version())
                    && (s.medium() == null || s.medium() == id.deviceType())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Forgets the cached meter index (after installs and changes). */
    public synchronized void refresh() {
        indexedAt = Instant.MIN;
    }

    /** One received telegram: feeds a running listen session; for an installed meter, its readout. */
    public Optional<Readout> accept(WmbusMessage m) {
        MeterId id = m.meter();
        if (m.ok() && m.telegram().key().isPresent()) {
            keyUsed.accept(m.telegram().meter(), m.telegram().key().get());
        }
        Optional<Meter> meter = id == null ? Optional.empty() : installed(id);
        listen.accept(m, meter.map(Meter::id).orElse(null));
        if (meter.isEmpty() || !meter.get().active()) {
            return Optional.empty();
        }
        Meter installed = meter.get();
        if (!receptions.record(installed.id(), m.receptions(), m.receivedAt())) {
            // deleted since the index was read: it is no longer installed, so its telegram is not a readout
            refresh();
            return Optional.empty();
        }
        String serving = servingReceiver(installed, m);
        ReadoutResult result = result(id, m);
        if (!m.ok()) {
            systemLog.error("wireless", "Meter " + installed.id() + " (" + installed.settings().name() + ", " + id.id()
                    + ") via " + m.receiverId() + ": " + m.errorMessage());
        }
        return Optional.of(new Readout(installed.id(), serving, result));
    }

    /** The meter's receiver; a meter not yet on a receiver that heard it gets the strongest of this telegram. */
    private String servingReceiver(Meter meter, WmbusMessage m) {
        String bus = meter.settings().busId();
        Set<String> heard = receptions.forMeter(meter.id()).stream().map(ReceptionRepository.Row::receiverId)
                .collect(Collectors.toSet());
        if (heard.contains(bus)) {
            return bus;
        }
        String best = m.receptions().get(0).receiverId();
        try {
            registry.update(meter.id(), withBus(meter.settings(), best));
            refresh();
            systemLog.info("wireless", "Meter " + meter.id() + " (" + meter.settings().name() + ") served by receiver "
                    + best + " (" + rssiText(m.receptions().get(0).rssi()) + ")");
        } catch (RuntimeException e) {
            systemLog.warning("wireless", "Meter " + meter.id() + ": cannot assign receiver " + best + ": " + e.getMessage());
        }
        return best;
    }

    static ReadoutResult result(MeterId id, WmbusMessage m) {
        MeterAddress address = new MeterAddress.Secondary(new SecondaryAddress(id.id(), id.manufacturerCode(), id.version(),
                id.deviceType()));
        Instant at = m.receivedAt();
        if (m.ok()) {
            try {
                MeterReadout readout = MeterReadout.merge(List.of(m.telegram().telegram()));
                return new ReadoutResult(address, ReadoutResult.Status.OK, List.of(m.raw()), readout, null, 0, at,
                        Duration.ZERO);
            } catch (MbusDecodeException e) {
                return new ReadoutResult(address, ReadoutResult.Status.DECODE_ERROR, List.of(m.raw()), null,
                        e.getMessage(), 0, at, Duration.ZERO);
            }
        }
        return new ReadoutResult(address, ReadoutResult.Status.DECODE_ERROR, List.of(m.raw()), null, m.errorMessage(), 0,
                at, Duration.ZERO);
    }

    // ------------------------------------------------------------------ listen, install, reinstall

    /** Starts listening (one session at a time). */
    public ListenSession startListen(Duration length, String startedBy) {
        return listen.start(length, startedBy);
    }

    /** The listen sessions, stored (SPEC A7 results survive a restart). */
    public ListenSessions listenSessions() {
        return listen;
    }

    /** The latest listen session (this run's, else the newest stored), or null. */
    public ListenSession currentListen() {
        return listen.current().orElse(null);
    }

    /**
     * Installs meters found by a listen session ({@code sessionId}, or the latest when null; a finished or
     * interrupted one from before a restart works the same) — all of them when {@code ids} is empty —
     * that are not installed yet, each on its strongest receiver, and records what the session heard of them.
     */
    public synchronized List<Meter> installFound(List<String> ids, String sessionId) {
        ListenSession session = sessionId == null ? currentListen() : listen.find(sessionId)
                .orElseThrow(() -> new NoSuchElementException("no listen session " + sessionId));
        if (session == null) {
            throw new IllegalStateException("no listen session: POST /api/wireless/listen first");
        }
        refresh();
        List<ListenSession.Found> found = session.snapshot(clock.instant()).meters();
        Map<String, ListenSession.Found> byId = new HashMap<>();
        found.forEach(f -> byId.putIfAbsent(f.id(), f));
        List<ListenSession.Found> chosen = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            chosen.addAll(found);
        } else {
            for (String id : ids) {
                ListenSession.Found f = byId.get(id.trim().toUpperCase(Locale.ROOT));
                if (f == null) {
                    throw new IllegalArgumentException("meter " + id + " was not heard by the listen session");
                }
                chosen.add(f);
            }
        }
        List<MeterSettings> settings = new ArrayList<>();
        for (ListenSession.Found f : chosen) {
            // the registry decides, not the session's note: a meter installed then may have been removed since
            if (installed(f.meterId()).isEmpty() && f.strongestReceiver() != null) {
                settings.add(new MeterSettings(name(f), AddressingMode.ESECONDARY, null, f.id(), f.manufacturer(),
                        f.version(), f.medium(), null, null, f.strongestReceiver(), MeterSettings.DEFAULT_BAUD, true, true,
                        MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null));
            }
        }
        List<Meter> installed = registry.installScanned(settings, false).meters();
        refresh();
        for (Meter m : installed) {
            ListenSession.Found f = byId.get(m.settings().secondaryId());
            if (f != null) {
                receptions.record(m.id(), f.receivers().stream().map(h -> new Reception(h.receiverId(), h.lastRssi()))
                        .toList(), clock.instant());
            }
        }
        if (!installed.isEmpty()) {
            systemLog.info("wireless", installed.size() + " wireless meters installed from the listen session");
        }
        return installed;
    }

    private static String name(ListenSession.Found f) {
        return "Wireless " + Medium.name(f.medium()).toLowerCase(Locale.ROOT) + " " + f.id();
    }

    /** SPEC C5 reinstall: every wireless meter moves to the receiver that hears it best now (last RSSI). */
    public synchronized List<Moved> reinstall() {
        List<Moved> moved = new ArrayList<>();
        for (Meter m : registry.repository().all()) {
            if (!isWireless(m.settings())) {
                continue;
            }
            List<ReceptionRepository.Row> rows = receptions.forMeter(m.id());
            if (rows.isEmpty() || rows.get(0).receiverId().equals(m.settings().busId())) {
                continue;
            }
            ReceptionRepository.Row best = rows.get(0);
            registry.update(m.id(), withBus(m.settings(), best.receiverId()));
            moved.add(new Moved(m.id(), m.settings().name(), m.settings().busId(), best.receiverId(), best.lastRssi()));
        }
        refresh();
        if (!moved.isEmpty()) {
            systemLog.info("wireless", "Reinstall moved " + moved.size() + " wireless meters to a stronger receiver");
        }
        return moved;
    }

    public List<ReceptionRepository.Row> receptions(long meterId) {
        return receptions.forMeter(meterId);
    }

    static MeterSettings withBus(MeterSettings s, String bus) {
        return new MeterSettings(s.name(), s.mode(), s.primaryAddress(), s.secondaryId(), s.manufacturer(), s.version(),
                s.medium(), s.enhancedReceiver(), s.enhancedMeter(), bus, s.baud(), s.active(), s.multiTelegram(),
                s.maxTelegrams(), s.responseTimeoutMs(), s.retries(), s.pauseMs(), s.listPosition());
    }

    private static String rssiText(Integer rssi) {
        return rssi == null ? "no RSSI" : rssi + " dBm";
    }
}
