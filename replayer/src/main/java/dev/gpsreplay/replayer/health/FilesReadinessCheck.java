package dev.gpsreplay.replayer.health;

import dev.gpsreplay.replayer.config.ReplayConfig;
import dev.gpsreplay.replayer.replay.ReplayRegistry;
import dev.gpsreplay.replayer.replay.ReplayRegistry.FilesState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the files of {@code replay.source} play. With checkpoints on they start only after their
 * checkpoints are read from Redis, after Quarkus has started: until then {@code GET /replays} would
 * list none of them, and a view fed by them would be empty. UP at once when there is no source.
 */
@Readiness
@ApplicationScoped
public class FilesReadinessCheck implements HealthCheck {

    private static final String NAME = "replay files";

    private final ReplayRegistry registry;
    private final ReplayConfig config;

    public FilesReadinessCheck(ReplayRegistry registry, ReplayConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        FilesState state = registry.filesState();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(state == FilesState.NONE || state == FilesState.STARTED)
                .withData("state", state.name().toLowerCase(Locale.ROOT));
        config.source().filter(source -> !source.isBlank()).ifPresent(source -> response.withData("source", source));
        return response.build();
    }
}
