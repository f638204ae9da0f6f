package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.ViewUnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current state of every vehicle, in memory, kept in step with Redis by {@link LiveViewSync}.
 *
 * <p>Why: {@code GET /gps_state} is the hot path (20,000 requests/s is the target on two cores).
 * Serving it from memory costs no Redis round trip; Redis stays the shared source of truth, and any
 * number of query-api instances each hold a copy fed by the same notifications.
 *
 * <p>While the copy is not known to match Redis (at start, or Redis down or restarted), reads fail
 * with {@link ViewUnavailableException} (a 503) rather than serve a stale view.
 */
@ApplicationScoped
public class LiveView {

    private final Map<String, FixEvent> states = new ConcurrentHashMap<>();
    private final BroadcastProcessor<FixEvent> feed = BroadcastProcessor.create();
    private volatile String latestVehicleId;
    private volatile boolean synced;

    /** Applies a live event; returns whether it was newer than what the view held. */
    public boolean accept(FixEvent event) {
        boolean[] changed = {false};
        states.compute(event.vehicleId(), (id, held) -> {
            if (held == null || !held.runId().equals(event.runId()) || held.sequence() < event.sequence()) {
                changed[0] = true;
                return event;
            }
            return held;
        });
        if (changed[0]) {
            latestVehicleId = event.vehicleId();
            feed.onNext(event);
        }
        return changed[0];
    }

    /**
     * Replaces the whole view with what Redis holds.
     *
     * @param loaded every vehicle's latest event, the most recently updated first
     */
    public void reload(List<FixEvent> loaded) {
        states.keySet().retainAll(loaded.stream().map(FixEvent::vehicleId).toList());
        List<FixEvent> oldestFirst = new ArrayList<>(loaded);
        java.util.Collections.reverse(oldestFirst);
        oldestFirst.forEach(this::accept);
        latestVehicleId = loaded.isEmpty() ? null : loaded.get(0).vehicleId();
        synced = true;
    }

    /** The view no longer matches Redis: reads answer 503 until the next {@link #reload}. */
    public void markUnsynced() {
        synced = false;
    }

    public boolean isSynced() {
        return synced;
    }

    public Optional<FixEvent> state(String vehicleId) {
        requireSynced();
        return Optional.ofNullable(states.get(vehicleId));
    }

    /** The most recently updated vehicle's state. */
    public Optional<FixEvent> latest() {
        requireSynced();
        String id = latestVehicleId;
        return id == null ? Optional.empty() : Optional.ofNullable(states.get(id));
    }

    public Collection<FixEvent> all() {
        requireSynced();
        return List.copyOf(states.values());
    }

    /** Every event accepted from now on (hot: no replay of the past). */
    public Multi<FixEvent> events() {
        return feed;
    }

    private void requireSynced() {
        if (!synced) {
            throw new ViewUnavailableException("the live view is not in step with Redis", null);
        }
    }
}
