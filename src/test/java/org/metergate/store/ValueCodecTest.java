package org.metergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

    private static final SeriesKey K = SeriesKey.current("Volume", "m^3");

    @Test
    void numbersKeepTheirScaleAndTextsTheirCharacters() {
        List<ValueRow> rows = List.of(ValueRow.number(K, 12340, 3), ValueRow.number(K, 35, -3), ValueRow.number(K, -7, 0),
                ValueRow.number(K, new BigDecimal("1E-30")), ValueRow.text(K, "a;b%3B=c'd"), ValueRow.text(K, ""));
        List<String> chunks = ValueCodec.pack(new int[] {1, 2, 3, 4, 5, 6}, rows);
        assertThat(chunks).containsExactly("1=12.340;2=3.5E+4;3=-7;4=1E-30;5'a%3Bb%253B=c'd;6'");
        List<ValueCodec.Entry> back = new ArrayList<>();
        chunks.forEach(c -> ValueCodec.unpack(c, back::add));
        assertThat(back).extracting(ValueCodec.Entry::seq).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(back.get(0).number()).isEqualTo(new BigDecimal("12.340"));
        assertThat(back.get(1).number()).isEqualTo(BigDecimal.valueOf(35, -3));
        assertThat(back.get(4).text()).isEqualTo("a;b%3B=c'd");
        assertThat(back.get(5).text()).isEmpty();
        List<ValueCodec.Entry> only = new ArrayList<>();
        chunks.forEach(c -> ValueCodec.unpack(c, 5, only::add));
        assertThat(only).singleElement().satisfies(e -> assertThat(e.text()).isEqualTo("a;b%3B=c'd"));
    }

    @Test
    void longReadoutsAreCutAtEntriesAndFramesAreBase64() {
        List<ValueRow> rows = new ArrayList<>();
        int[] seqs = new int[1000];
        for (int i = 0; i < 1000; i++) {
            rows.add(ValueRow.number(K, 123456789L, 3));
            seqs[i] = i + 1;
        }
        List<String> chunks = ValueCodec.pack(seqs, rows);
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(ValueCodec.CHUNK));
        List<ValueCodec.Entry> back = new ArrayList<>();
        chunks.forEach(c -> ValueCodec.unpack(c, back::add));
        assertThat(back).hasSize(1000);
        assertThatThrownBy(() -> ValueCodec.pack(new int[] {1}, List.of(ValueRow.text(K, "x".repeat(ValueCodec.CHUNK + 1)))))
                .isInstanceOf(StoreException.class);
        byte[] frame = {0x68, 0x03, 0x03, 0x68, (byte) 0xFF, 0x00, 0x16};
        assertThat(ValueCodec.frame(ValueCodec.frame(frame))).isEqualTo(frame);
    }

    @Test
    void statusBytePolicyParsesAndClassifiesErrors() {
        assertThat(StatusBytePolicy.parse("on change")).isEqualTo(StatusBytePolicy.ON_CHANGE);
        assertThat(StatusBytePolicy.parse("On-Error")).isEqualTo(StatusBytePolicy.ON_ERROR);
        assertThat(StatusBytePolicy.parse("ALWAYS")).isEqualTo(StatusBytePolicy.ALWAYS);
        assertThatThrownBy(() -> StatusBytePolicy.parse("sometimes")).hasMessageContaining("on change");
        assertThat(StatusBytePolicy.DEFAULT).isEqualTo(StatusBytePolicy.ON_CHANGE);
        assertThat(StatusBytePolicy.isError(0x00)).isFalse();
        assertThat(StatusBytePolicy.isError(0x01)).isFalse(); // busy
        assertThat(StatusBytePolicy.isError(0xE0)).isFalse(); // manufacturer bits
        assertThat(StatusBytePolicy.isError(0x02)).isTrue();
        assertThat(StatusBytePolicy.isError(0x04)).isTrue();
        assertThat(StatusBytePolicy.ON_CHANGE.logs(null, null)).isFalse();
        assertThat(StatusBytePolicy.ON_CHANGE.logs(null, 0)).isTrue();
    }
}
