package dev.gpsreplay.query.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.ViewUnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The current state of every vehicle, in memory, kept in step with Redis by {@link LiveViewSync}.
 *
 * <p>Why: {@code GET /gps_state} is the hot path. Serving it from memory costs no Redis round trip,
 * and each entry keeps its response bodies encoded once ({@link LiveEntry}). Redis stays the shared
 * source of truth, and any number of query-api instances each hold a copy fed by the same
 * notifications.
 *
 * <p>Entries are sorted by vehicle id, so {@link #page} pages through any number of vehicles
 * without sorting per request.
 *
 * <p>While the copy is not known to match Redis (at start, or Redis down or restarted), reads fail
 * with {@link ViewUnavailableException} (a 503) rather than serve a stale view.
 *
 * <p>Updates come from the pub/sub thread and from a reload on another thread: they are applied
 * and emitted under one lock, so subscribers of {@link #events()} get one signal at a time, and a
 * vehicle's events in the order its state took them.
 */
@ApplicationScoped
public class LiveView {

    /** One page of vehicles by id, and the cursor of the next page (null on the last). */
    public record Page(List<FixEvent> vehicles, String nextCursor) {}

    private final ConcurrentSkipListMap<String, LiveEntry> states = new ConcurrentSkipListMap<>();
    private final BroadcastProcessor<FixEvent> feed = BroadcastProcessor.create();
    private final Object lock = new Object();
    private final Function<Object, byte[]> encoder;
    private volatile String latestVehicleId;
    private volatile boolean synced;

    /** For tests without a container: JSON bodies from a default Jackson mapper. */
    public LiveView() {
        this(new JsonCodec(new ObjectMapper().findAndRegisterModules()));
    }

    @Inject
    public LiveView(JsonCodec codec) {
        this.encoder = value -> codec.encode(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Applies a live event; returns whether it was newer than what the view held: the same run with
     * a higher sequence, or another run emitted no earlier (as the Redis apply decides).
     */
    public boolean accept(FixEvent event) {
        synchronized (lock) {
            LiveEntry held = states.get(event.vehicleId());
            if (held != null && !isNewer(event, held.event())) {
                return false;
            }
            states.put(event.vehicleId(), new LiveEntry(event, System.currentTimeMillis(), encoder));
            latestVehicleId = event.vehicleId();
            feed.onNext(event);
            return true;
        }
    }

    private static boolean isNewer(FixEvent event, FixEvent held) {
        if (held.runId().equals(event.runId())) {
            return held.sequence() < event.sequence();
        }
        return held.emittedAt() == null
                || event.emittedAt() == null
                || !event.emittedAt().isBefore(held.emittedAt());
    }

    /**
     * Replaces the whole view with what Redis holds.
     *
     * @param loaded every vehicle's latest event, the most recently updated first
     */
    public void reload(List<FixEvent> loaded) {
        Set<String> ids = new HashSet<>(loaded.size() * 2);
        loaded.forEach(event -> ids.add(event.vehicleId()));
        List<FixEvent> oldestFirst = new ArrayList<>(loaded);
        Collections.reverse(oldestFirst);
        synchronized (lock) {
            states.keySet().retainAll(ids);
            oldestFirst.forEach(this::accept);
            latestVehicleId = loaded.isEmpty() ? null : loaded.get(0).vehicleId();
            synced = true;
        }
    }

    /** Forgets vehicles that have not been updated since the cutoff (epoch ms): they expired in Redis too. */
    public int pruneIdle(long cutoffMillis) {
        int removed = 0;
        synchronized (lock) {
            for (Map.Entry<String, LiveEntry> entry : states.entrySet()) {
                if (entry.getValue().receivedAtMillis() < cutoffMillis) {
                    states.remove(entry.getKey());
                    removed++;
                }
            }
            if (latestVehicleId != null && !states.containsKey(latestVehicleId)) {
                latestVehicleId = null;
            }
        }
        return removed;
    }

    /** The view no longer matches Redis: reads answer 503 until the next {@link #reload}. */
    public void markUnsynced() {
        synced = false;
    }

    public boolean isSynced() {
        return synced;
    }

    public Optional<FixEvent> state(String vehicleId) {
        return entry(vehicleId).map(LiveEntry::event);
    }

    /** A vehicle's entry, with its encoded response bodies. */
    public Optional<LiveEntry> entry(String vehicleId) {
        requireSynced();
        return Optional.ofNullable(states.get(vehicleId));
    }

    /**
     * The vehicle state JSON of {@code event}: the bytes its entry prepared (and {@code GET
     * /vehicles/{id}/state} serves) while the event is still the vehicle's latest, so every stream
     * client and reader shares one encoding per fix; encoded afresh for an event already superseded.
     */
    public byte[] stateJson(FixEvent event, Function<FixEvent, Object> toState) {
        LiveEntry entry = states.get(event.vehicleId());
        return entry != null && entry.event() == event ? entry.stateJson(toState) : encoder.apply(toState.apply(event));
    }

    /** The most recently updated vehicle's state. */
    public Optional<FixEvent> latest() {
        return latestEntry().map(LiveEntry::event);
    }

    /** The most recently updated vehicle's entry. */
    public Optional<LiveEntry> latestEntry() {
        requireSynced();
        String id = latestVehicleId;
        return id == null ? Optional.empty() : Optional.ofNullable(states.get(id));
    }

    public Collection<FixEvent> all() {
        requireSynced();
        return states.values().stream().map(LiveEntry::event).toList();
    }

    /** Vehicles in id order after {@code afterVehicleId} (exclusive; null: from the first), at most {@code limit}. */
    public Page page(String afterVehicleId, int limit) {
        requireSynced();
        ConcurrentNavigableMap<String, LiveEntry> rest =
                afterVehicleId == null ? states : states.tailMap(afterVehicleId, false);
        List<FixEvent> vehicles = new ArrayList<>(Math.min(limit, 1024));
        String next = null;
        for (LiveEntry entry : rest.values()) {
            if (vehicles.size() == limit) {
                next = vehicles.get(vehicles.size() - 1).vehicleId();
                break;
            }
            vehicles.add(entry.event());
        }
        return new Page(vehicles, next);
    }

    /** Number of vehicles held. */
    public int size() {
        return states.size();
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
