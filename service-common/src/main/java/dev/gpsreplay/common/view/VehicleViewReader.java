package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.ScanArgs;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveZScanCursor;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the vehicle view, through the typed commands of the Redis data source (and one pipelined
 * round trip per page of states). Every call is bounded in time; Redis trouble is a
 * {@link ViewUnavailableException}.
 */
@ApplicationScoped
public class VehicleViewReader {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveSortedSetCommands<String, String> sortedSets;
    private final JsonCodec codec;
    private final ViewConfig config;
    private final RedisPipeline pipeline;

    public VehicleViewReader(
            ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig config, RedisPipeline pipeline) {
        this.hashes = redis.hash(String.class);
        this.sortedSets = redis.sortedSet(String.class);
        this.pipeline = pipeline;
        this.codec = codec;
        this.config = config;
    }

    /** The latest event of a vehicle, empty when the view doesn't know the vehicle. */
    public Uni<Optional<FixEvent>> state(String vehicleId) {
        return call(hashes.hget(ViewKeys.state(vehicleId), "event"), "reading a vehicle's state")
                .map(json -> Optional.ofNullable(json).map(codec::decodeEvent));
    }

    /** Every vehicle id, the most recently updated first. */
    public Uni<List<String>> vehicleIds() {
        return indexPages()
                .map(entries -> entries.stream().map(IndexEntry::vehicleId).toList());
    }

    /**
     * The latest event of every vehicle, the most recently updated first. Pages through the index
     * ({@code ZSCAN}, which returns every vehicle indexed for the whole scan even while it changes)
     * and reads each page's states in one pipelined round trip, one page after the other: the number
     * of requests in flight stays bounded however many vehicles there are.
     */
    public Uni<List<FixEvent>> states() {
        return indexPages()
                .flatMap(entries -> Multi.createFrom()
                        .iterable(pages(entries, config.loadPageSize()))
                        .onItem()
                        .transformToUniAndConcatenate(this::statesOf)
                        .collect()
                        .in(ArrayList<FixEvent>::new, List::addAll)
                        .map(list -> (List<FixEvent>) list));
    }

    /** One index entry: a vehicle and when it was last updated (epoch ms). */
    private record IndexEntry(String vehicleId, double score) {}

    /** The whole index by ZSCAN pages, deduplicated, the most recently updated first. */
    private Uni<List<IndexEntry>> indexPages() {
        Map<String, Double> seen = new LinkedHashMap<>();
        ReactiveZScanCursor<String> cursor =
                sortedSets.zscan(ViewKeys.VEHICLES, new ScanArgs().count(config.loadPageSize()));
        return scan(cursor, seen)
                .map(done -> seen.entrySet().stream()
                        .map(e -> new IndexEntry(e.getKey(), e.getValue()))
                        .sorted(Comparator.comparingDouble(IndexEntry::score).reversed())
                        .toList());
    }

    /** One page after the other, each bounded in time. */
    private Uni<Void> scan(ReactiveZScanCursor<String> cursor, Map<String, Double> seen) {
        if (!cursor.hasNext()) {
            return Uni.createFrom().voidItem();
        }
        return call(cursor.next(), "listing vehicles").flatMap(page -> {
            page.forEach(entry -> seen.put(entry.value(), entry.score()));
            return scan(cursor, seen);
        });
    }

    private Uni<List<FixEvent>> statesOf(List<IndexEntry> page) {
        List<Request> reads = page.stream()
                .map(entry -> Request.cmd(Command.HGET)
                        .arg(ViewKeys.state(entry.vehicleId()))
                        .arg("event"))
                .toList();
        return call(pipeline.send(reads), "reading vehicles' states")
                .map(replies -> replies.stream()
                        .filter(Objects::nonNull) // indexed, but expired or deleted since
                        .map(reply -> codec.decodeEvent(reply.toString()))
                        .toList());
    }

    private static <T> List<List<T>> pages(List<T> all, int size) {
        List<List<T>> pages = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            pages.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return pages;
    }

    /**
     * Fixes of a vehicle's history with {@code fromMillis <= time <= toMillis}, in time order.
     *
     * @param limit at most this many, the earliest first
     */
    public Uni<List<GpsFix>> track(String vehicleId, long fromMillis, long toMillis, int limit) {
        return call(
                        sortedSets.zrangebyscore(
                                ViewKeys.track(vehicleId),
                                ScoreRange.from(fromMillis, toMillis),
                                new ZRangeArgs().limit(0, limit)),
                        "reading a vehicle's track")
                .map(this::fixes);
    }

    /** Fixes with {@code fromMillis < time <= toMillis}: a half-open window, so windows tile without overlap. */
    public Uni<List<GpsFix>> window(String vehicleId, long fromMillisExclusive, long toMillis) {
        return call(
                        sortedSets.zrangebyscore(
                                ViewKeys.track(vehicleId),
                                new ScoreRange<>((double) fromMillisExclusive, false, (double) toMillis, true)),
                        "reading a vehicle's track window")
                .map(this::fixes);
    }

    private <T> Uni<T> call(Uni<T> uni, String what) {
        return RedisCalls.bounded(uni, config.redisTimeout(), what);
    }

    private List<GpsFix> fixes(List<String> members) {
        return members.stream().map(codec::decodeFix).toList();
    }
}
