package dev.gpsreplay.common.view;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A bounded PING, for readiness checks: fails with {@link ViewUnavailableException} within the view timeout. */
@ApplicationScoped
public class RedisProbe {

    private final ReactiveRedisDataSource redis;
    private final ViewConfig config;

    public RedisProbe(ReactiveRedisDataSource redis, ViewConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Void> ping() {
        return RedisCalls.bounded(redis.execute("PING"), config.redisTimeout(), "PING")
                .replaceWithVoid();
    }
}
