package org.metergate.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.ReadoutResult;
import org.metergate.mbus.DataCoding;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Function;
import org.metergate.mbus.Bytes;
import org.metergate.mbus.Hex;
import org.metergate.mbus.MbusValue;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.TelegramDecoder;
import org.metergate.mbus.TelegramEncoder;
import org.metergate.store.Database;
import org.metergate.store.ReadoutLogEntry;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.SeriesPage;
import org.metergate.store.SeriesQuery;
import org.metergate.store.SeriesValue;
import org.metergate.store.StatusBytePolicy;
import org.metergate.store.StoreException;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRetention;
import org.metergate.store.ValueRow;
import org.metergate.testing.MutableClock;

/**
 * The value store (SPEC E1, E3-E5) and the readout recorder, run unchanged against each engine
 * (Derby and PostgreSQL subclasses), like {@code org.metergate.store.StoreContract}.
 */
abstract class ValueStoreContract {

    protected Database db;
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00.123Z"));
    protected ReadoutRepository repo;
    protected MeterRepository meters;
    protected ReadoutRecorder recorder;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        repo = new ReadoutRepository(db);
        meters = new MeterRepository(db);
        recorder = new ReadoutRecorder(repo, meters);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static Path corpus() {
        return Path.of(System.getProperty("metergate.shared", "../shared"), "corpus", "libmbus", "test-frames");
    }

    static ReadoutResult ok(byte[] frame, Instant at) throws Exception {
        MeterReadout readout = MeterReadout.merge(List.of(TelegramDecoder.decode(frame)));
        return new ReadoutResult(new MeterAddress.Primary(1), ReadoutResult.Status.OK, List.of(frame), readout, null, 1, at,
                Duration.ofMillis(140));
    }

    static ReadoutResult failed(Instant at) {
        return new ReadoutResult(new MeterAddress.Primary(1), ReadoutResult.Status.NO_ANSWER, List.of(), null,
                "no answer after 3 tries", 3, at, Duration.ofMillis(900));
    }

    /** A telegram with energy, volume, a date, a float and manufacturer data. */
    static byte[] telegram(long energyWh, long volumeLitres, int status) {
        List<DataRecord> records = List.of(
                DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT32, Bytes.ofHex("03"),
                        new MbusValue.Numeric(BigDecimal.valueOf(energyWh))),
                DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.BCD8, Bytes.ofHex("13"),
                        new MbusValue.Numeric(BigDecimal.valueOf(volumeLitres, 3))),
                DataRecord.of(Function.INSTANTANEOUS, 1, 0, 0, DataCoding.BCD8, Bytes.ofHex("13"),
                        new MbusValue.Numeric(BigDecimal.valueOf(volumeLitres / 2, 3))),
                DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT32, Bytes.ofHex("6D"),
                        new MbusValue.DateTime(2026, 11, 25, 10, 15, -1, false, false)),
                DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.REAL32, Bytes.ofHex("5B"),
                        new MbusValue.Numeric(new BigDecimal("54.5"))),
                DataRecord.manufacturerData(Bytes.ofHex("01020304AB"), false));
        return TelegramEncoder.rspUd(1, TelegramEncoder.header("12345678", "ABB", 1, 7, 5, status), records);
    }

    static List<byte[]> corpusFrames() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(corpus()), "libmbus corpus absent: " + corpus());
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(corpus())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".hex")).sorted().toList()) {
                try {
                    byte[] frame = Hex.parse(Files.readString(p));
                    MeterReadout.merge(List.of(TelegramDecoder.decode(frame)));
                    out.add(frame);
                } catch (Exception e) {
                    // frames the decoder refuses are not readouts to store (the decoder's tests cover them)
                }
            }
        }
        return out;
    }

    @Test
    void corpusTelegramsRoundTripWithEveryValueAndTheirRawBytes() throws Exception {
        List<byte[]> frames = corpusFrames();
        assertThat(frames).hasSizeGreaterThan(20);
        int totalValues = 0;
        long meterId = 1;
        for (byte[] frame : frames) {
            ReadoutResult result = ok(frame, clock.instant());
            ReadoutRecorder.Recorded rec = recorder.record(meterId, result);
            List<ValueRow> expected = ReadoutRecorder.values(result.readout());
            assertThat(rec.values()).isEqualTo(expected.size());
            List<SeriesValue> stored = repo.values(rec.readoutId());
            assertThat(stored).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                ValueRow e = expected.get(i);
                SeriesValue s = stored.get(i);
                assertThat(s.series()).isEqualTo(e.series());
                assertThat(s.number()).isEqualTo(e.number()); // exact, scale kept
                assertThat(s.text()).isEqualTo(e.text());
                assertThat(s.timestamp()).isEqualTo(clock.instant());
            }
            List<byte[]> raw = repo.telegrams(rec.readoutId());
            assertThat(raw).hasSize(1);
            assertThat(raw.get(0)).isEqualTo(frame);
            // re-decodable: the stored bytes give the same values again
            assertThat(ReadoutRecorder.values(MeterReadout.merge(List.of(TelegramDecoder.decode(raw.get(0))))))
                    .isEqualTo(expected);
            totalValues += expected.size();
            meterId++;
            clock.advance(Duration.ofMinutes(15));
        }
        assertThat(totalValues).isGreaterThan(200);
        // a fresh repository (cold cache) reads the same
        ReadoutRepository cold = new ReadoutRepository(db);
        assertThat(cold.latestValues()).hasSize(totalValues);
        assertThat(cold.latestValues()).isEqualTo(repo.latestValues());
    }

    @Test
    void encodedTelegramKeepsExactNumbersDatesFloatsAndManufacturerData() throws Exception {
        Meter m = meters.insert(MeterSettings.of("A", AddressingMode.PRIMARY, null, 1, 2400), clock.instant());
        ReadoutRecorder.Recorded rec = recorder.record(m.id(), ok(telegram(123_456, 98_765, 0), clock.instant()));
        assertThat(rec.status()).isEqualTo("ok");
        assertThat(rec.values()).isEqualTo(6);
        List<SeriesValue> v = repo.latestValues(m.id());
        assertThat(v).extracting(SeriesValue::display)
                .containsExactly("123456", "98.765", "49.382", "2026-11-25T10:15:00", "54.5", "01020304AB");
        assertThat(v.get(1).number().scale()).isEqualTo(3);
        assertThat(v.get(0).series()).isEqualTo(new SeriesKey("Energy", "Wh", "instantaneous", 0, 0, 0, ""));
        assertThat(v.get(2).series().storage()).isEqualTo(1);
        Meter read = meters.find(m.id()).orElseThrow();
        assertThat(read.status().lastStatus()).isEqualTo("ok");
        assertThat(read.status().lastReadoutAt()).isEqualTo(clock.instant());
        assertThat(read.status().lastMessage()).contains("1 telegram").contains("6 values");

        clock.advance(Duration.ofMinutes(15));
        ReadoutRecorder.Recorded bad = recorder.record(m.id(), failed(clock.instant()));
        assertThat(bad.status()).isEqualTo("no_answer");
        assertThat(meters.find(m.id()).orElseThrow().status().lastStatus()).isEqualTo("error");
        // a failed readout is logged but does not hide the latest values
        assertThat(repo.latestValues(m.id())).extracting(SeriesValue::display).startsWith("123456");
        assertThat(repo.readouts(m.id(), null, null, 10)).extracting(ReadoutLogEntry::status).containsExactly("no_answer", "ok");
    }

    @Test
    void aFailingInsertLeavesNothingOfTheTransaction() {
        SeriesKey energy = SeriesKey.current("Energy", "Wh");
        StoredReadout good = readout(1, clock.instant(), List.of(new byte[] {0x68}), List.of(ValueRow.number(energy, 1, 0)));
        // a "telegram" longer than any M-Bus frame does not fit its column: the block insert fails
        StoredReadout bad = readout(2, clock.instant(), List.of(new byte[400]), List.of(ValueRow.number(energy, 2, 0)));
        assertThatThrownBy(() -> repo.storeAll(List.of(good, bad))).isInstanceOf(StoreException.class)
                .hasMessageContaining("nothing was stored");
        assertThatThrownBy(() -> repo.store(bad)).isInstanceOf(StoreException.class);
        assertThat(repo.countReadouts()).isZero();
        assertThat(repo.readouts(1, null, null, 10)).isEmpty();
        assertThat(repo.latestValues()).isEmpty();
        // the store works on afterwards, and the cached state did not take the failed writes for done
        repo.store(good);
        repo.store(readout(1, clock.instant().plusSeconds(900), List.of(), List.of(ValueRow.number(energy, 5, 0))));
        assertThat(repo.latestValues()).extracting(SeriesValue::display).containsExactly("5");
        assertThat(repo.countReadouts()).isEqualTo(2);
    }

    static StoredReadout readout(long meterId, Instant at, List<byte[]> telegrams, List<ValueRow> values) {
        return new StoredReadout(meterId, at, "ok", null, 0, 1, 100, telegrams, values);
    }

    @Test
    void latestValuesOfAllMetersAndSeriesStayStableAcrossReopen() {
        SeriesKey energy = SeriesKey.current("Energy", "Wh");
        SeriesKey volume = SeriesKey.current("Volume", "m^3");
        for (int i = 0; i < 4; i++) {
            for (long meter = 1; meter <= 3; meter++) {
                repo.store(readout(meter, clock.instant(), List.of(), List.of(ValueRow.number(energy, meter * 1000 + i, 0),
                        ValueRow.number(volume, i, 3))));
            }
            clock.advance(Duration.ofMinutes(15));
        }
        // a meter that gains a series later keeps its older series numbers
        repo.store(readout(3, clock.instant(), List.of(), List.of(ValueRow.text(SeriesKey.current("Date", ""), "x;y%z"),
                ValueRow.number(energy, 3999, 0))));
        List<SeriesValue> latest = repo.latestValues();
        assertThat(latest).extracting(v -> v.meterId() + ":" + v.series().quantity() + "=" + v.display())
                .containsExactly("1:Energy=1003", "1:Volume=0.003", "2:Energy=2003", "2:Volume=0.003",
                        "3:Date=x;y%z", "3:Energy=3999");
        ReadoutRepository reopened = new ReadoutRepository(db);
        assertThat(reopened.latestValues()).isEqualTo(latest);
        reopened.store(readout(3, clock.instant().plusSeconds(900), List.of(), List.of(ValueRow.number(volume, 7, 0))));
        assertThat(reopened.series(3)).extracting(s -> s.seq() + " " + s.key().quantity())
                .containsExactly("1 Energy", "2 Volume", "3 Date");
        assertThat(new ReadoutRepository(db).latestValues(3)).extracting(SeriesValue::display).containsExactly("7");
    }

    @Test
    void seriesCreatedMeanwhileByAnotherWriterAreReloadedNotDuplicated() {
        SeriesKey energy = SeriesKey.current("Energy", "Wh");
        SeriesKey volume = SeriesKey.current("Volume", "m^3");
        ReadoutRepository other = new ReadoutRepository(db);
        assertThat(other.series(5)).isEmpty(); // caches "no series yet" for meter 5
        repo.store(readout(5, clock.instant(), List.of(), List.of(ValueRow.number(energy, 1, 0))));
        // the other writer's insert of "Energy" as series 1 hits the unique key: it reloads and goes on
        other.store(readout(5, clock.instant().plusSeconds(900), List.of(), List.of(ValueRow.number(volume, 2, 0),
                ValueRow.number(energy, 3, 0))));
        assertThat(other.series(5)).extracting(s -> s.seq() + " " + s.key().quantity()).containsExactly("1 Energy", "2 Volume");
        // and the first repository learns series 2 when it meets it
        assertThat(repo.latestValues(5)).extracting(v -> v.series().quantity() + "=" + v.display())
                .containsExactly("Volume=2", "Energy=3");
    }

    @Test
    void seriesPagingFiltersAndRanges() {
        SeriesKey energy = SeriesKey.current("Energy", "Wh");
        SeriesKey volume = SeriesKey.current("Volume", "m^3");
        SeriesKey maxPower = new SeriesKey("Power", "W", "maximum", 0, 0, 0, "");
        Instant start = clock.instant();
        for (int i = 0; i < 10; i++) {
            repo.store(readout(7, start.plus(Duration.ofMinutes(15L * i)), List.of(), List.of(
                    ValueRow.number(energy, i, 0), ValueRow.number(volume, 10 + i, 2), ValueRow.number(maxPower, 100 + i, 0))));
            repo.store(readout(8, start.plus(Duration.ofMinutes(15L * i)), List.of(), List.of(ValueRow.number(energy, -i, 0))));
        }
        repo.store(new StoredReadout(7, start.plus(Duration.ofMinutes(150)), "no_answer", "x", null, null, 5, List.of(), List.of()));

        SeriesPage all = repo.series(SeriesQuery.all(7, null, null));
        assertThat(all.values()).hasSize(30);
        assertThat(all.more()).isFalse();
        assertThat(all.values().get(0).timestamp()).isEqualTo(start);

        SeriesPage p0 = repo.series(new SeriesQuery(7, "energy", null, null, null, 0, 4));
        assertThat(p0.values()).extracting(SeriesValue::display).containsExactly("0", "1", "2", "3");
        assertThat(p0.more()).isTrue();
        SeriesPage p2 = repo.series(new SeriesQuery(7, "Energy", null, null, null, 2, 4));
        assertThat(p2.values()).extracting(SeriesValue::display).containsExactly("8", "9");
        assertThat(p2.more()).isFalse();

        long volumeId = repo.series(7).stream().filter(s -> s.key().equals(volume)).findFirst().orElseThrow().id();
        SeriesPage range = repo.series(new SeriesQuery(7, null, volumeId, start.plus(Duration.ofMinutes(30)),
                start.plus(Duration.ofMinutes(75)), 0, 100));
        assertThat(range.values()).extracting(SeriesValue::display).containsExactly("0.12", "0.13", "0.14");
        assertThat(range.values()).allSatisfy(v -> assertThat(v.seriesId()).isEqualTo(volumeId));

        assertThat(repo.series(new SeriesQuery(7, "nothing", null, null, null, 0, 10)).values()).isEmpty();
        assertThat(repo.series(new SeriesQuery(8, null, null, start.plus(Duration.ofMinutes(120)), null, 0, 10)).values())
                .extracting(SeriesValue::display).containsExactly("-8", "-9");
        assertThat(repo.series(new SeriesQuery(99, null, null, null, null, 0, 10)).values()).isEmpty();
    }

    @Test
    void readoutLogFiltersByDateNewestFirst() {
        Instant start = clock.instant();
        for (int i = 0; i < 6; i++) {
            repo.store(new StoredReadout(3, start.plus(Duration.ofHours(i)), i % 2 == 0 ? "ok" : "no_answer", "m" + i,
                    i % 2 == 0 ? 0 : null, i % 2 == 0 ? i : null, 10 * i, i % 2 == 0 ? List.of(new byte[] {1, 2}) : List.of(),
                    List.of()));
        }
        List<ReadoutLogEntry> log = repo.readouts(3, start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(4)), 100);
        assertThat(log).extracting(ReadoutLogEntry::message).containsExactly("m3", "m2", "m1");
        ReadoutLogEntry e = log.get(1);
        assertThat(e.status()).isEqualTo("ok");
        assertThat(e.telegramCount()).isEqualTo(1);
        assertThat(e.accessNumber()).isEqualTo(2);
        assertThat(e.durationMs()).isEqualTo(20);
        assertThat(e.createdAt()).isEqualTo(start.plus(Duration.ofHours(2)));
        assertThat(repo.readouts(3, null, null, 2)).extracting(ReadoutLogEntry::message).containsExactly("m5", "m4");
        assertThat(repo.readouts(4, null, null, 2)).isEmpty();
    }

    @Test
    void statusBytesGoToTheLogByPolicy() {
        int[] bytes = {0, 0, 4, 4, 0, 0x10};
        assertThat(logged(StatusBytePolicy.ON_CHANGE, 1, bytes)).containsExactly(true, false, true, false, true, true);
        assertThat(logged(StatusBytePolicy.ALWAYS, 2, bytes)).containsExactly(true, true, true, true, true, true);
        assertThat(logged(StatusBytePolicy.NEVER, 3, bytes)).containsExactly(false, false, false, false, false, false);
        assertThat(logged(StatusBytePolicy.ON_ERROR, 4, bytes)).containsExactly(false, false, true, true, false, true);
        // the readout log shows the byte only where it was logged
        assertThat(repo.readouts(1, null, null, 10)).extracting(ReadoutLogEntry::statusByte)
                .containsExactly(0x10, 0, null, 4, null, 0);
        // "on change" compares with the meter's last status byte also after a restart, and across failed readouts
        ReadoutRepository reopened = new ReadoutRepository(db);
        reopened.store(new StoredReadout(1, clock.instant(), "no_answer", null, null, null, 0, List.of(), List.of()));
        assertThat(reopened.store(readout(1, clock.instant(), List.of(), List.of()).withStatus(0x10)).statusLogged()).isFalse();
        assertThat(reopened.store(readout(1, clock.instant(), List.of(), List.of()).withStatus(0)).statusLogged()).isTrue();
    }

    private List<Boolean> logged(StatusBytePolicy policy, long meterId, int[] bytes) {
        repo.setStatusBytePolicy(policy);
        List<Boolean> out = new ArrayList<>();
        for (int b : bytes) {
            clock.advance(Duration.ofMinutes(1));
            out.add(repo.store(readout(meterId, clock.instant(), List.of(), List.of()).withStatus(b)).statusLogged());
        }
        repo.setStatusBytePolicy(StatusBytePolicy.DEFAULT);
        return out;
    }

    @Test
    void retentionDeletesByAgeAndMeterHistoryOnRequest() {
        SeriesKey energy = SeriesKey.current("Energy", "Wh");
        Instant start = clock.instant();
        for (int day = 0; day < 10; day++) {
            for (long meter = 101; meter <= 102; meter++) {
                repo.store(readout(meter, start.plus(Duration.ofDays(day)), List.of(new byte[] {(byte) day}),
                        List.of(ValueRow.number(energy, day, 0))));
            }
        }
        clock.advance(Duration.ofDays(10));
        ValueRetention retention = new ValueRetention(repo, Duration.ofDays(4), clock);
        // older than 4 days before "now" (start + 10 d): days 0..5
        assertThat(retention.run()).isEqualTo(12);
        assertThat(repo.countReadouts()).isEqualTo(8);
        assertThat(repo.series(SeriesQuery.all(101, null, null)).values()).extracting(SeriesValue::display)
                .containsExactly("6", "7", "8", "9");
        assertThat(repo.latestValues()).extracting(SeriesValue::display).containsExactly("9", "9");
        assertThat(new ValueRetention(repo, ValueRetention.DEFAULT_MAX_AGE, clock).run()).isZero();

        // deleting a meter keeps its history; purging it is explicit
        Meter m = meters.insert(MeterSettings.of("A", AddressingMode.PRIMARY, null, 5, 2400), clock.instant());
        repo.store(readout(m.id(), clock.instant(), List.of(), List.of(ValueRow.number(energy, 1, 0))));
        meters.delete(m.id());
        assertThat(repo.latestValues(m.id())).hasSize(1);
        assertThat(repo.deleteMeterHistory(m.id())).isEqualTo(1);
        assertThat(repo.latestValues(m.id())).isEmpty();
        assertThat(repo.series(m.id())).isEmpty();
        assertThat(repo.deleteMeterHistory(102)).isEqualTo(4);
        assertThat(repo.countReadouts()).isEqualTo(4);
    }

    @Test
    void longReadoutsAreSplitAcrossBlocks() {
        List<ValueRow> many = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            many.add(ValueRow.number(new SeriesKey("Volume", "m^3", "instantaneous", i, 0, 0, ""), 1_000_000_000L + i, 3));
        }
        many.add(ValueRow.text(SeriesKey.current("Text", ""), "%".repeat(600)));
        long id = repo.store(readout(9, clock.instant(), List.of(new byte[] {1}, new byte[] {2}), many)).readoutId();
        List<SeriesValue> back = repo.values(id);
        assertThat(back).hasSize(901);
        assertThat(back.get(899).display()).isEqualTo("1000000.899");
        assertThat(back.get(900).display()).isEqualTo("%".repeat(600));
        assertThat(repo.telegrams(id)).containsExactly(new byte[] {1}, new byte[] {2});
    }
}
