package dev.gpsreplay.replayer.health;

import dev.gpsreplay.common.view.RedisProbe;
import dev.gpsreplay.replayer.config.ReplayConfig;
import dev.gpsreplay.replayer.sink.KafkaSink;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the configured sink's dependency answers: Redis for {@code redis} (a PING), Kafka for
 * {@code kafka} (the fixes topic can be described); nothing for {@code log}.
 */
@Readiness
@ApplicationScoped
public class SinkReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "replay sink";

    /** The topic description's own deadline; the whole check may take a second more ({@link #kafkaTopic}). */
    private static final long KAFKA_TIMEOUT_MILLIS = 2_000;

    private static final Duration KAFKA_TIMEOUT = Duration.ofMillis(KAFKA_TIMEOUT_MILLIS);

    private final ReplayConfig config;

    private final Instance<RedisProbe> redis;
    private final Instance<KafkaSink> kafka;

    public SinkReadinessCheck(ReplayConfig config, Instance<RedisProbe> redis, Instance<KafkaSink> kafka) {
        this.config = config;
        this.redis = redis;
        this.kafka = kafka;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<?> check;
        if (config.sink().contains(ReplayConfig.SinkType.KAFKA)) {
            check = kafkaTopic();
        } else if (config.sink().contains(ReplayConfig.SinkType.REDIS)) {
            check = redis.get().ping();
        } else {
            check = Uni.createFrom().voidItem();
        }
        return check.map(ok -> response().up().build())
                .onFailure()
                .recoverWithItem(e -> response()
                        .down()
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }

    /**
     * The fixes topic can be described: within the admin call's own deadline ({@link #KAFKA_TIMEOUT}),
     * or a second later a Fault Tolerance {@code TimeoutException}, should the client never answer.
     */
    @Timeout(value = KAFKA_TIMEOUT_MILLIS + 1_000, unit = ChronoUnit.MILLIS)
    Uni<Void> kafkaTopic() {
        return Uni.createFrom().completionStage(() -> kafka.get().checkTopic(KAFKA_TIMEOUT));
    }

    private HealthCheckResponseBuilder response() {
        return HealthCheckResponse.builder().name(NAME).withData("sink", sinkNames());
    }

    private String sinkNames() {
        return config.sink().stream().map(s -> s.name().toLowerCase()).collect(Collectors.joining(","));
    }
}
