package org.metergate.meters;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterSource;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.ReadoutRequest;
import org.metergate.mbus.SecondaryAddress;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The installed meters (SPEC C1, C4, C7): install one or a whole list, change, delete, with the
 * capacity rule — at most {@code maxActive} meters are active (read); meters installed beyond it are
 * passive, and activating one more than the maximum is refused.
 *
 * <p>Changes are serialised in this object (one gateway process owns its database), so two imports at
 * once cannot together exceed the capacity.
 */
public final class MeterRegistry implements MeterSource {

    public static final int DEFAULT_MAX_ACTIVE = 512;

    /** What an installation did: how many meters were installed, how many of them active and passive. */
    public record ImportResult(int installed, int active, int passive, int removed, MeterList.Format format, List<Meter> meters) {}

    private final MeterRepository repository;
    private final MeterListParser parser;
    private final int maxActive;
    private final Clock clock;
    /** Told about every installation (one call per install, list or scan), e.g. the installation report (SPEC F9). */
    private final List<java.util.function.Consumer<List<Meter>>> installListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MeterRegistry(MeterRepository repository, MeterListParser parser, int maxActive, Clock clock) {
        if (maxActive < 0) {
            throw new IllegalArgumentException("maximum of active meters must be >= 0");
        }
        this.repository = repository;
        this.parser = parser;
        this.maxActive = maxActive;
        this.clock = clock;
    }

    /**
     * Calls {@code listener} with the meters of each successful installation, after it is committed,
     * on the installing thread; a listener's failure does not undo or fail the installation.
     */
    public void onInstalled(java.util.function.Consumer<List<Meter>> listener) {
        installListeners.add(listener);
    }

    private void installed(List<Meter> meters) {
        if (meters.isEmpty()) {
            return;
        }
        for (var l : installListeners) {
            try {
                l.accept(meters);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(MeterRegistry.class).warn("install listener failed: {}", e.toString(), e);
            }
        }
    }

    /** The active meters of a bus, with their addressing and settings, for the scheduled readout. */
    @Override
    public List<ReadoutRequest> activeMeters(String busId) {
        List<ReadoutRequest> out = new java.util.ArrayList<>();
        for (Meter m : repository.all()) {
            if (m.settings().active() && m.settings().busId().equals(busId)) {
                out.add(readoutRequest(m));
            }
        }
        return out;
    }

    /** How to read this meter: its address (secondary with what is known of it) and its own settings. */
    public static ReadoutRequest readoutRequest(Meter m) {
        MeterSettings s = m.settings();
        MeterAddress address = s.mode() == AddressingMode.PRIMARY
                ? new MeterAddress.Primary(s.primaryAddress())
                : new MeterAddress.Secondary(new SecondaryAddress(s.secondaryId(),
                        s.manufacturer() == null ? SecondaryAddress.ANY_MANUFACTURER : s.manufacturerCode(),
                        s.version() == null ? SecondaryAddress.ANY : s.version(),
                        s.medium() == null ? SecondaryAddress.ANY : s.medium()));
        MultiTelegram multi = s.multiTelegram() ? new MultiTelegram(true, s.maxTelegrams()) : MultiTelegram.OFF;
        return new ReadoutRequest(m.id(), address, s.baud(), multi, s.responseTimeoutMs(), s.retries(), s.pauseMs());
    }

    public int maxActive() {
        return maxActive;
    }

    public MeterRepository repository() {
        return repository;
    }

    public MeterListParser parser() {
        return parser;
    }

    public Optional<Meter> find(long id) {
        return repository.find(id);
    }

    public Meter get(long id) {
        return repository.find(id).orElseThrow(() -> new NoSuchElementException("no meter " + id));
    }

    public MeterPage find(MeterQuery query) {
        return repository.find(query);
    }

    public long countActive() {
        return repository.countActive();
    }

    /**
     * Installs one meter. Asked for active at full capacity, it is installed passive (as a list install
     * would), which the returned meter shows.
     *
     * @throws MeterConflictException when it duplicates an installed meter
     */
    public synchronized Meter install(MeterSettings settings) {
        checkUnique(settings, null);
        MeterSettings s = settings.active() && repository.countActive() >= maxActive ? settings.withActive(false) : settings;
        Meter meter = repository.insert(s, clock.instant());
        installed(List.of(meter));
        return meter;
    }

    /**
     * Replaces a meter's settings. Activating a passive meter when {@code maxActive} meters are already
     * active is refused.
     *
     * @throws NoSuchElementException    no such meter
     * @throws MeterConflictException    duplicate of another meter, or capacity reached
     */
    public synchronized Meter update(long id, MeterSettings settings) {
        Meter current = get(id);
        checkUnique(settings, id);
        if (settings.active() && !current.active() && repository.countActive() >= maxActive) {
            throw new MeterConflictException("capacity reached: " + maxActive + " meters are active already"
                    + " (metergate.meters.max-active); make another meter passive first");
        }
        if (!repository.update(id, settings, clock.instant())) {
            throw new NoSuchElementException("no meter " + id);
        }
        return get(id);
    }

    /** Makes a meter active (read) or passive; activation respects the capacity. */
    public Meter setActive(long id, boolean active) {
        synchronized (this) {
            return update(id, get(id).settings().withActive(active));
        }
    }

    /**
     * Brings the number of active meters down to the maximum, should it have been lowered in the
     * configuration: the most recently installed active meters become passive (as the reference
     * product does when its licence shrinks). Call at start; returns the ids made passive.
     */
    public synchronized List<Long> enforceCapacity() {
        long excess = repository.countActive() - maxActive;
        return excess > 0 ? repository.passivateNewest((int) Math.min(Integer.MAX_VALUE, excess), clock.instant()) : List.of();
    }

    /**
     * A bulk change (SPEC C3): new settings for some meters, deletion of others, validated as a whole
     * against the meters that remain — duplicates and the capacity — and applied in one transaction;
     * with any problem nothing changes and a {@link MeterBulkException} lists every problem.
     *
     * @param changes new settings by meter id (they must exist)
     * @param deletes meters to remove (they must exist)
     */
    public synchronized void applyBulk(Map<Long, MeterSettings> changes, java.util.Set<Long> deletes) {
        List<MeterBulkException.Problem> problems = new ArrayList<>();
        Map<Long, MeterSettings> after = new java.util.LinkedHashMap<>();
        for (Meter m : repository.all()) {
            if (!deletes.contains(m.id())) {
                after.put(m.id(), changes.getOrDefault(m.id(), m.settings()));
            }
        }
        for (Map.Entry<Long, MeterSettings> e : changes.entrySet()) {
            if (!after.containsKey(e.getKey()) && !deletes.contains(e.getKey())) {
                problems.add(new MeterBulkException.Problem(e.getKey(), "no meter " + e.getKey()));
                continue;
            }
            for (Map.Entry<Long, MeterSettings> o : after.entrySet()) {
                if (o.getKey().equals(e.getKey())) {
                    continue;
                }
                if (o.getValue().sameMeterAs(e.getValue())) {
                    problems.add(new MeterBulkException.Problem(e.getKey(), "would duplicate meter " + o.getKey()
                            + " (secondary address " + e.getValue().secondaryId() + ")"));
                } else if (o.getValue().samePrimaryAddressAs(e.getValue())) {
                    problems.add(new MeterBulkException.Problem(e.getKey(), "primary address " + e.getValue().primaryAddress()
                            + " on bus " + e.getValue().busId() + " is used by meter " + o.getKey()));
                }
            }
        }
        long active = after.values().stream().filter(MeterSettings::active).count();
        long activeBefore = repository.countActive();
        if (active > maxActive && active > activeBefore) {
            problems.add(new MeterBulkException.Problem(0, "capacity: " + active + " meters would be active, at most "
                    + maxActive + " may be (metergate.meters.max-active)"));
        }
        if (!problems.isEmpty()) {
            throw new MeterBulkException(problems);
        }
        repository.applyAll(changes, deletes, clock.instant());
    }

    public synchronized boolean delete(long id) {
        return repository.delete(id);
    }

    /** Records the identity and status an installation readout found (SPEC C2). */
    public synchronized Meter recordIdentity(long id, String manufacturer, Integer version, Integer medium, MeterStatus status) {
        Meter current = get(id);
        MeterSettings learnt = current.settings().withIdentity(manufacturer, version, medium);
        checkUnique(learnt, id);
        repository.update(id, learnt, clock.instant());
        repository.updateStatus(id, status);
        return get(id);
    }

    /** Reads a list from a stream (bounded by the parser's maximum size), then {@link #installList(byte[], boolean)}. */
    public ImportResult installList(InputStream in, boolean clearFirst) throws IOException {
        return installList(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, parser.maxBytes() + 1)), clearFirst);
    }

    /**
     * Installs a meter list (SPEC C1): the whole file is validated first, including duplicates of
     * installed meters (unless {@code clearFirst}); with any error nothing changes and a
     * {@link MeterListException} lists every error. Otherwise all meters are inserted in one
     * transaction — after deleting the current list when {@code clearFirst} — the first ones active up
     * to the capacity, the rest passive (and those the list's Active column makes passive).
     */
    public synchronized ImportResult installList(byte[] content, boolean clearFirst) {
        return installList(content, clearFirst, parser.defaultBus());
    }

    /**
     * As {@link #installList(byte[], boolean)}, with meters whose Bus cell is empty (or whose list has no Bus
     * column) installed on {@code bus}.
     *
     * @throws IllegalArgumentException when {@code bus} is neither the parser's default bus nor a known one
     */
    public synchronized ImportResult installList(byte[] content, boolean clearFirst, String bus) {
        if (!parser.knownBuses().contains(bus)) {
            throw new IllegalArgumentException("unknown bus '" + bus + "': the configured buses are "
                    + String.join(", ", parser.knownBuses()));
        }
        MeterList list = parser.parse(content, bus);
        List<MeterListError> errors = new ArrayList<>(list.errors());
        List<Meter> installed = clearFirst ? List.of() : repository.all();
        if (!installed.isEmpty()) {
            Map<String, List<Meter>> bySecondary = new HashMap<>();
            Map<String, Meter> byPrimary = new HashMap<>();
            for (Meter m : installed) {
                if (m.settings().secondaryId() != null) {
                    bySecondary.computeIfAbsent(m.settings().secondaryId(), k -> new ArrayList<>()).add(m);
                }
                if (m.settings().primaryKey() != null) {
                    byPrimary.put(m.settings().primaryKey(), m);
                }
            }
            for (MeterList.Line line : list.meters()) {
                MeterSettings s = line.settings();
                bySecondary.getOrDefault(s.secondaryId(), List.of()).stream().filter(m -> m.settings().sameMeterAs(s)).findFirst()
                        .ifPresent(m -> errors.add(new MeterListError(line.line(), MeterListParser.SECONDARY,
                                "duplicate meter: secondary address " + s.secondaryId() + " is already installed as meter "
                                        + m.id() + " (" + m.settings().name() + ")")));
                Meter p = s.primaryKey() == null ? null : byPrimary.get(s.primaryKey());
                if (p != null) {
                    errors.add(new MeterListError(line.line(), MeterListParser.PRIMARY, "duplicate primary address "
                            + s.primaryAddress() + ": already used by meter " + p.id() + " (" + p.settings().name() + ")"));
                }
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(MeterListError::line));
            throw new MeterListException(errors);
        }
        return insertWithCapacity(list.meters().stream().map(MeterList.Line::settings).toList(), clearFirst, list.format());
    }

    /**
     * Installs the meters a scan found (issue 5, "scan → install"): after deleting the current list when
     * {@code clearFirst}; meters already installed (same identity or same primary address on the bus)
     * and repeats within {@code found} are skipped, not errors. One transaction; capacity as for a list.
     */
    public synchronized ImportResult installScanned(List<MeterSettings> found, boolean clearFirst) {
        List<MeterSettings> known = new ArrayList<>();
        if (!clearFirst) {
            repository.all().forEach(m -> known.add(m.settings()));
        }
        List<MeterSettings> fresh = new ArrayList<>();
        for (MeterSettings s : found) {
            if (known.stream().noneMatch(k -> k.sameMeterAs(s) || k.samePrimaryAddressAs(s))) {
                fresh.add(s);
                known.add(s);
            }
        }
        return insertWithCapacity(fresh, clearFirst, MeterList.Format.UNKNOWN);
    }

    private ImportResult insertWithCapacity(List<MeterSettings> meters, boolean clearFirst, MeterList.Format format) {
        long free = Math.max(0, maxActive - (clearFirst ? 0 : repository.countActive()));
        List<MeterSettings> toInsert = new ArrayList<>(meters.size());
        int active = 0;
        for (MeterSettings m : meters) {
            boolean on = m.active() && active < free;
            if (on) {
                active++;
            }
            toInsert.add(m.withActive(on));
        }
        int removed = clearFirst ? (int) repository.count() : 0;
        List<Meter> inserted = repository.insertAll(toInsert, clearFirst, clock.instant());
        installed(inserted);
        return new ImportResult(inserted.size(), active, inserted.size() - active, removed, format, inserted);
    }

    private void checkUnique(MeterSettings s, Long self) {
        for (Meter m : repository.sharingAddressWith(s)) {
            if (self != null && m.id() == self) {
                continue;
            }
            if (m.settings().sameMeterAs(s)) {
                throw new MeterConflictException("duplicate meter: secondary address " + s.secondaryId()
                        + " is already installed as meter " + m.id() + " (" + m.settings().name() + ")");
            }
            if (m.settings().samePrimaryAddressAs(s)) {
                throw new MeterConflictException("duplicate primary address " + s.primaryAddress() + " on bus " + s.busId()
                        + ": already used by meter " + m.id() + " (" + m.settings().name() + ")");
            }
        }
    }
}
