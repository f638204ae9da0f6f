package dev.gpsreplay.replayer.health;

import dev.gpsreplay.common.view.RedisProbe;
import dev.gpsreplay.replayer.config.ReplayConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the configured sink's dependency answers: Redis for {@code redis}; nothing for {@code log}. */
@Readiness
@ApplicationScoped
public class SinkReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "replay sink";

    private final ReplayConfig config;
    private final Instance<RedisProbe> redis;

    public SinkReadinessCheck(ReplayConfig config, Instance<RedisProbe> redis) {
        this.config = config;
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.sink().contains(ReplayConfig.SinkType.REDIS)) {
            return Uni.createFrom().item(HealthCheckResponse.builder().name(NAME).up()
                    .withData("sink", sinkNames()).build());
        }
        return redis.get().ping()
                .map(ok -> HealthCheckResponse.builder().name(NAME).up().withData("sink", sinkNames()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.builder().name(NAME).down()
                        .withData("sink", sinkNames()).withData("error", String.valueOf(e.getMessage())).build());
    }

    private String sinkNames() {
        return config.sink().stream().map(s -> s.name().toLowerCase()).collect(java.util.stream.Collectors.joining(","));
    }
}
