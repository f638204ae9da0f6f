package dev.gpsreplay.common.view;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Bounds a Redis call in time and turns any failure of it into {@link ViewUnavailableException}. */
public final class RedisCalls {

    private RedisCalls() {}

    /**
     * The call, failing with {@link ViewUnavailableException} after the timeout or on any failure;
     * the original failure is the cause, so {@link RedisFailures#isTransient} can still classify it.
     */
    public static <T> Uni<T> bounded(Uni<T> call, Duration timeout, String what) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(
                        () -> new ViewUnavailableException("Redis did not answer " + what + " within " + timeout, null))
                .onFailure(e -> !(e instanceof ViewUnavailableException))
                .transform(e -> new ViewUnavailableException("Redis failed " + what + ": " + e.getMessage(), e));
    }
}
