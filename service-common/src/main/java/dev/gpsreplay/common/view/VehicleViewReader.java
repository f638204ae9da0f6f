package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.SeedFix;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the vehicle view. Every call is bounded in time; Redis trouble is a {@link ViewUnavailableException}. */
@ApplicationScoped
public class VehicleViewReader {

    private final ReactiveRedisDataSource redis;
    private final JsonCodec codec;
    private final ViewConfig config;

    public VehicleViewReader(ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig config) {
        this.redis = redis;
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
        return call(redis.execute("ZREVRANGE", ViewKeys.VEHICLES, "0", "-1"), "listing vehicles")
                .map(VehicleViewReader::strings);
    }

    /** The latest event of every vehicle, the most recently updated first. */
    public Uni<List<FixEvent>> states() {
        return vehicleIds().flatMap(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<FixEvent>of());
            }
            List<Uni<Optional<FixEvent>>> reads = ids.stream().map(this::state).toList();
            return Uni.join().all(reads).andFailFast()
                    .map(states -> states.stream().flatMap(Optional::stream).toList());
        });
    }

    /**
     * Fixes of a vehicle's history with {@code fromMillis <= time <= toMillis}, in time order.
     *
     * @param limit at most this many, the earliest first
     */
    public Uni<List<SeedFix>> track(String vehicleId, long fromMillis, long toMillis, int limit) {
        return call(redis.execute("ZRANGEBYSCORE", ViewKeys.track(vehicleId),
                        Long.toString(fromMillis), Long.toString(toMillis), "LIMIT", "0", Integer.toString(limit)),
                "reading a vehicle's track")
                .map(r -> strings(r).stream().map(codec::decodeFix).toList());
    }

    /** Fixes with {@code fromMillis < time <= toMillis}: a half-open window, so windows tile without overlap. */
    public Uni<List<SeedFix>> window(String vehicleId, long fromMillisExclusive, long toMillis) {
        return call(redis.execute("ZRANGEBYSCORE", ViewKeys.track(vehicleId),
                        "(" + fromMillisExclusive, Long.toString(toMillis)),
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
