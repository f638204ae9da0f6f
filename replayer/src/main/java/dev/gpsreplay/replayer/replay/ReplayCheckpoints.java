package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.RedisCalls;
import dev.gpsreplay.common.view.RedisFailures;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Where each file replay has been delivered up to, kept in Redis so that a restarted replayer goes on
 * from there (#9.6). One hash, {@value #KEY}: field = vehicle id, value = a {@link ReplayCheckpoint} as
 * JSON. Replayers of different shards share it (their vehicles differ). Written only when something
 * changed, one command per write; a write that fails is made again at the next one, and the outage is
 * logged once. Every {@value #FULL_WRITE_EVERY}th write sends every checkpoint, changed or not, so a
 * Redis restarted empty gets back those of paused and finished replays too. A checkpoint is a position, not a promise: a fix delivered after the last write is
 * sent again after a restart, with its sequence, and the view drops it as a redelivery.
 *
 * <p>Threading: {@link #offer} and {@link #flush} are called on the replay thread with a snapshot;
 * the comparison and the JSON run on a worker thread, so 10,000 vehicles cost the replay thread
 * only the snapshot. At most one write is under way at a time.
 */
@ApplicationScoped
public class ReplayCheckpoints {

    /** The hash of checkpoints; the hash tag keeps it in one slot of a Redis Cluster. */
    public static final String KEY = "gps:{replayer}:checkpoints";

    private static final Logger LOG = Logger.getLogger(ReplayCheckpoints.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    static final int FULL_WRITE_EVERY = 30;

    private final ReactiveHashCommands<String, String, String> hash;
    private final JsonCodec codec;
    /** What Redis holds, as far as this replayer wrote it; changed only by the write under way. */
    private final Map<String, ReplayCheckpoint> written = new HashMap<>();

    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    /** Writes since the last full one; touched by the write under way only. */
    private int sinceFull;

    public ReplayCheckpoints(ReactiveRedisDataSource redis, JsonCodec codec) {
        this.hash = redis.hash(String.class);
        this.codec = codec;
    }

    /**
     * Every checkpoint held, by vehicle id, waiting up to {@code wait} for Redis to answer; a value
     * that cannot be read is left out with a log line (that vehicle starts over).
     */
    public Uni<Map<String, ReplayCheckpoint>> load(Duration wait) {
        // each try bounded too: an address that never answers must not hold the start past the wait
        return RedisCalls.bounded(hash.hgetall(KEY), Duration.ofSeconds(2), "reading replay checkpoints")
                .onFailure(RedisFailures::isTransient)
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .expireIn(wait.toMillis())
                .map(this::decodeAll);
    }

    private Map<String, ReplayCheckpoint> decodeAll(Map<String, String> values) {
        Map<String, ReplayCheckpoint> held = new HashMap<>();
        values.forEach((vehicleId, json) -> {
            try {
                held.put(vehicleId, codec.decode(json, ReplayCheckpoint.class));
            } catch (RuntimeException e) {
                LOG.warnf("Ignoring the unreadable checkpoint of %s (it starts over): %s", vehicleId, e.getMessage());
            }
        });
        return held;
    }

    /** Deletes the checkpoints of these vehicles (they start over), waiting up to {@code wait}. */
    public Uni<Void> forget(List<String> vehicleIds, Duration wait) {
        if (vehicleIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return RedisCalls.bounded(hash.hdel(KEY, vehicleIds.toArray(String[]::new)), wait, "deleting checkpoints")
                .replaceWithVoid();
    }

    /**
     * Writes what changed since the last write, unless a write is under way (the next offer catches up).
     *
     * @param current the checkpoint of every file replay there is; one missing from it is deleted
     */
    public void offer(Map<String, ReplayCheckpoint> current) {
        if (writing.compareAndSet(false, true)) {
            write(current).subscribe().with(ignored -> {}, failure -> {});
        }
    }

    /** Writes what changed and waits for it, for at most {@code wait} (at shutdown). */
    public void flush(Map<String, ReplayCheckpoint> current, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!writing.compareAndSet(false, true)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("Replay checkpoints not written at shutdown: a write was still under way");
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            write(current).await().atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (RuntimeException e) {
            LOG.warnf("Replay checkpoints not written at shutdown: %s", e.getMessage());
        }
    }

    /** Called with {@link #writing} set; clears it when done. */
    private Uni<Void> write(Map<String, ReplayCheckpoint> current) {
        return Uni.createFrom()
                .item(current)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(this::writeChanges)
                .onTermination()
                .invoke(() -> writing.set(false));
    }

    private Uni<Void> writeChanges(Map<String, ReplayCheckpoint> current) {
        boolean full = ++sinceFull >= FULL_WRITE_EVERY; // every checkpoint goes again, changed or not
        if (full) {
            sinceFull = 0;
        }
        Map<String, ReplayCheckpoint> changed = new LinkedHashMap<>();
        current.forEach((vehicleId, checkpoint) -> {
            if (full || !checkpoint.equals(written.get(vehicleId))) {
                changed.put(vehicleId, checkpoint);
            }
        });
        List<String> gone = new ArrayList<>();
        written.keySet().forEach(vehicleId -> {
            if (!current.containsKey(vehicleId)) {
                gone.add(vehicleId);
            }
        });
        if (changed.isEmpty() && gone.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String> values = new LinkedHashMap<>();
        changed.forEach((vehicleId, checkpoint) -> values.put(vehicleId, codec.encode(checkpoint)));
        Uni<Void> set = values.isEmpty()
                ? Uni.createFrom().voidItem()
                : hash.hset(KEY, values).replaceWithVoid();
        Uni<Void> delete = gone.isEmpty()
                ? Uni.createFrom().voidItem()
                : hash.hdel(KEY, gone.toArray(String[]::new)).replaceWithVoid();
        return RedisCalls.bounded(set.chain(() -> delete), WRITE_TIMEOUT, "writing replay checkpoints")
                .invoke(() -> {
                    written.putAll(changed);
                    gone.forEach(written::remove);
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Replay checkpoints are written again");
                    }
                })
                .onFailure()
                .invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf(
                                "Could not write replay checkpoints (tried again until Redis answers; a restart "
                                        + "meanwhile goes on from older ones): %s",
                                e.getMessage());
                    }
                });
    }
}
