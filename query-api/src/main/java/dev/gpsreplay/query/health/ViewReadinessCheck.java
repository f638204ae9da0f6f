package dev.gpsreplay.query.health;

import dev.gpsreplay.common.view.RedisProbe;
import dev.gpsreplay.query.live.LiveView;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when Redis answers a PING in time and the live view is in step with it. */
@Readiness
@ApplicationScoped
public class ViewReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "vehicle view";

    private final RedisProbe redis;
    private final LiveView view;

    public ViewReadinessCheck(RedisProbe redis, LiveView view) {
        this.redis = redis;
        this.view = view;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.ping()
                .map(ok -> HealthCheckResponse.builder()
                        .name(NAME)
                        .status(view.isSynced())
                        .withData("redis", "up")
                        .withData("live_view", view.isSynced() ? "in step" : "syncing")
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.builder()
                        .name(NAME)
                        .down()
                        .withData("redis", "down")
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }
}
