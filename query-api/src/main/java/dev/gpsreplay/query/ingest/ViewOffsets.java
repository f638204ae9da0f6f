package dev.gpsreplay.query.ingest;

import dev.gpsreplay.common.view.LuaScript;
import dev.gpsreplay.common.view.RedisCalls;
import dev.gpsreplay.common.view.RedisPipeline;
import dev.gpsreplay.common.view.ViewConfig;
import dev.gpsreplay.common.view.ViewKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka offsets whose events are in the Redis view, kept in Redis itself, and the epoch token
 * that tells whether Redis still holds the data set they belong to.
 *
 * <p>Why in Redis: the view is a cache of the topic. When Redis comes back empty (or is replaced),
 * its offsets are gone with the view, so the consumer starts over from the beginning of the topic
 * and rebuilds the view exactly; Kafka's committed offsets would wrongly say "all applied".
 *
 * <p>The epoch token is written once per data set (SET NX); every offset commit is guarded by it
 * ({@code commit-offsets.lua}), so a commit into a Redis that lost its data fails and says so.
 */
@ApplicationScoped
public class ViewOffsets {

    private static final LuaScript COMMIT = LuaScript.resource("gpsreplay/commit-offsets.lua");

    private final RedisPipeline redis;
    private final ViewConfig config;
    private volatile String epoch;

    public ViewOffsets(RedisPipeline redis, ViewConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The epoch this consumer writes under (null before the first {@link #adoptEpoch}). */
    public String epoch() {
        return epoch;
    }

    /** Makes sure Redis has an epoch token (a new one if it lost it) and adopts it; true if it changed. */
    public Uni<Boolean> adoptEpoch() {
        return bounded(
                        redis.send(List.of(
                                Request.cmd(Command.SET)
                                        .arg(ViewKeys.INGEST_EPOCH)
                                        .arg(UUID.randomUUID().toString())
                                        .arg("NX"),
                                Request.cmd(Command.GET).arg(ViewKeys.INGEST_EPOCH))),
                        "reading the view epoch")
                .map(replies -> {
                    String current = replies.get(1).toString();
                    boolean changed = !current.equals(epoch);
                    epoch = current;
                    return changed;
                });
    }

    /** Whether Redis still holds the epoch this consumer adopted. */
    public Uni<Boolean> isCurrent() {
        String mine = epoch;
        return bounded(redis.send(Request.cmd(Command.GET).arg(ViewKeys.INGEST_EPOCH)), "reading the view epoch")
                .map(reply -> reply != null && reply.toString().equals(mine));
    }

    /** The last applied offset of each partition that Redis knows. */
    public Uni<Map<TopicPartition, Long>> applied() {
        return bounded(redis.send(Request.cmd(Command.HGETALL).arg(ViewKeys.INGEST_OFFSETS)), "reading offsets")
                .map(ViewOffsets::parse);
    }

    /**
     * Records the last applied offset of each partition, under the given epoch.
     *
     * @return false when Redis no longer holds that epoch: it lost the view, nothing was recorded
     */
    public Uni<Boolean> commit(String underEpoch, Map<TopicPartition, Long> offsets) {
        List<String> args = new ArrayList<>();
        args.add(underEpoch);
        offsets.forEach((partition, offset) -> {
            args.add(field(partition));
            args.add(Long.toString(offset));
        });
        Request call = redis.script(COMMIT, List.of(ViewKeys.INGEST_EPOCH, ViewKeys.INGEST_OFFSETS), args);
        return bounded(
                        redis.send(call)
                                .onFailure(LuaScript::isNoScript)
                                .recoverWithUni(() -> redis.send(COMMIT.load()).chain(ignored -> redis.send(call))),
                        "recording offsets")
                .map(reply -> reply.toInteger() == 1);
    }

    /** Deletes vehicles' keys: writes that landed in a Redis that had lost the view, to be rebuilt in order. */
    public Uni<Void> forget(List<String> vehicleIds) {
        if (vehicleIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Request> deletes = vehicleIds.stream()
                .map(id -> Request.cmd(Command.DEL).arg(ViewKeys.state(id)).arg(ViewKeys.track(id)))
                .toList();
        return bounded(redis.send(deletes), "deleting a partial view").replaceWithVoid();
    }

    static String field(TopicPartition partition) {
        return partition.topic() + ":" + partition.partition();
    }

    private static Map<TopicPartition, Long> parse(Response hash) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (hash == null) {
            return offsets;
        }
        if (hash.isMap()) { // RESP3
            hash.getKeys().forEach(field -> put(offsets, field, hash.get(field).toString()));
        } else { // RESP2: field, value, field, value...
            for (int i = 0; i + 1 < hash.size(); i += 2) {
                put(offsets, hash.get(i).toString(), hash.get(i + 1).toString());
            }
        }
        return offsets;
    }

    private static void put(Map<TopicPartition, Long> offsets, String field, String offset) {
        int colon = field.lastIndexOf(':');
        offsets.put(
                new TopicPartition(field.substring(0, colon), Integer.parseInt(field.substring(colon + 1))),
                Long.parseLong(offset));
    }

    private <T> Uni<T> bounded(Uni<T> call, String what) {
        return RedisCalls.bounded(call, config.redisTimeout(), what);
    }
}
