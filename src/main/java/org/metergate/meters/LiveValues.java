package org.metergate.meters;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.metergate.bus.ReadoutListener;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.store.ValueRow;

/**
 * The values of continuous mode (SPEC D3): each installed meter's latest successful readout, decoded
 * as the store would decode it, kept in memory only — never stored, never pushed. The latest-values
 * API shows them over the stored ones when they are newer. Bound as {@code liveValues} for
 * {@code mbus:...?continuous=true&liveValues=#liveValues}.
 */
public final class LiveValues implements ReadoutListener {

    /** One meter's live readout. */
    public record Live(long meterId, Instant at, List<ValueRow> values) {}

    private final Map<Long, Live> byMeter = new ConcurrentHashMap<>();

    @Override
    public void readout(String busId, ReadoutRequest request, ReadoutResult result) {
        if (request.meterId() == 0 || !result.ok() || result.readout() == null) {
            return;
        }
        Live live = new Live(request.meterId(), result.started(), List.copyOf(ReadoutRecorder.values(result.readout())));
        byMeter.merge(request.meterId(), live, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    public Optional<Live> of(long meterId) {
        return Optional.ofNullable(byMeter.get(meterId));
    }

    public List<Live> all() {
        return List.copyOf(byMeter.values());
    }

    /** Forgets a meter (it was removed). */
    public void forget(long meterId) {
        byMeter.remove(meterId);
    }
}
