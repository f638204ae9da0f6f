package dev.gpsreplay.replayer.health;

import dev.gpsreplay.common.view.RedisProbe;
import dev.gpsreplay.replayer.config.ReplayConfig;
import dev.gpsreplay.replayer.sink.KafkaSink;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the configured sink's dependency answers: Redis for {@code redis} (a PING), Kafka for
 * {@code kafka} (the fixes topic can be described); nothing for {@code log}.
 */
@Readiness
@ApplicationScoped
public class SinkReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "replay sink";

    private final ReplayConfig config;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);

    private final Instance<RedisProbe> redis;
    private final Instance<KafkaSink> kafka;

    public SinkReadinessCheck(ReplayConfig config, Instance<RedisProbe> redis, Instance<KafkaSink> kafka) {
        this.config = config;
        this.redis = redis;
        this.kafka = kafka;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (config.sink().contains(ReplayConfig.SinkType.KAFKA)) {
            return Uni.createFrom()
                    .completionStage(() -> kafka.get().checkTopic(KAFKA_TIMEOUT))
                    .ifNoItem()
                    .after(KAFKA_TIMEOUT.plusSeconds(1))
                    .fail()
                    .map(ok -> HealthCheckResponse.builder()
                            .name(NAME)
                            .up()
                            .withData("sink", sinkNames())
                            .build())
                    .onFailure()
                    .recoverWithItem(e -> HealthCheckResponse.builder()
                            .name(NAME)
                            .down()
                            .withData("sink", sinkNames())
                            .withData("error", String.valueOf(e.getMessage()))
                            .build());
        }
        if (!config.sink().contains(ReplayConfig.SinkType.REDIS)) {
            return Uni.createFrom()
                    .item(HealthCheckResponse.builder()
                            .name(NAME)
                            .up()
                            .withData("sink", sinkNames())
                            .build());
        }
        return redis.get()
                .ping()
                .map(ok -> HealthCheckResponse.builder()
                        .name(NAME)
                        .up()
                        .withData("sink", sinkNames())
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.builder()
                        .name(NAME)
                        .down()
                        .withData("sink", sinkNames())
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }

    private String sinkNames() {
        return config.sink().stream()
                .map(s -> s.name().toLowerCase())
                .collect(java.util.stream.Collectors.joining(","));
    }
}
