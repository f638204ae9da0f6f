package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads the vehicle view. Every call is bounded in time; Redis trouble is a {@link ViewUnavailableException}. */
@ApplicationScoped
public class VehicleViewReader {

    private final ReactiveRedisDataSource redis;
    private final JsonCodec codec;
    private final ViewConfig config;
    private final RedisPipeline pipeline;

    public VehicleViewReader(
            ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig config, RedisPipeline pipeline) {
        this.redis = redis;
        this.pipeline = pipeline;
        this.codec = codec;
        this.config = config;
    }

    /** The latest event of a vehicle, empty when the view doesn't know the vehicle. */
    public Uni<Optional<FixEvent>> state(String vehicleId) {
        return call(redis.execute("HGET", ViewKeys.state(vehicleId), "event"), "reading a vehicle's state")
                .map(r -> Optional.ofNullable(r).map(Response::toString).map(codec::decodeEvent));
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
        return scanFrom("0", seen)
                .map(done -> seen.entrySet().stream()
                        .map(e -> new IndexEntry(e.getKey(), e.getValue()))
                        .sorted(Comparator.comparingDouble(IndexEntry::score).reversed())
                        .toList());
    }

    private Uni<Void> scanFrom(String cursor, Map<String, Double> seen) {
        return call(
                        redis.execute(
                                "ZSCAN", ViewKeys.VEHICLES, cursor, "COUNT", Integer.toString(config.loadPageSize())),
                        "listing vehicles")
                .flatMap(reply -> {
                    String next = reply.get(0).toString();
                    Response items = reply.get(1);
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        seen.put(
                                items.get(i).toString(),
                                Double.parseDouble(items.get(i + 1).toString()));
                    }
                    return "0".equals(next) ? Uni.createFrom().voidItem() : scanFrom(next, seen);
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
                        redis.execute(
                                "ZRANGEBYSCORE",
                                ViewKeys.track(vehicleId),
                                Long.toString(fromMillis),
                                Long.toString(toMillis),
                                "LIMIT",
                                "0",
                                Integer.toString(limit)),
                        "reading a vehicle's track")
                .map(r -> strings(r).stream().map(codec::decodeFix).toList());
    }

    /** Fixes with {@code fromMillis < time <= toMillis}: a half-open window, so windows tile without overlap. */
    public Uni<List<GpsFix>> window(String vehicleId, long fromMillisExclusive, long toMillis) {
        return call(
                        redis.execute(
                                "ZRANGEBYSCORE",
                                ViewKeys.track(vehicleId),
                                "(" + fromMillisExclusive,
                                Long.toString(toMillis)),
                        "reading a vehicle's track window")
                .map(r -> strings(r).stream().map(codec::decodeFix).toList());
    }

    private <T> Uni<T> call(Uni<T> uni, String what) {
        return RedisCalls.bounded(uni, config.redisTimeout(), what);
    }

    private static List<String> strings(Response response) {
        List<String> values = new ArrayList<>();
        if (response != null) {
            response.forEach(item -> values.add(item.toString()));
        }
        return values;
    }
}
