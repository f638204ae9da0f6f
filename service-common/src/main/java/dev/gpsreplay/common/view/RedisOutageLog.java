package dev.gpsreplay.common.view;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Reports a Redis outage that a caller waits out: once when a call first fails with a failure that
 * is retried, once when a call succeeds again, so that a long outage is two log lines and not one per
 * try. The retry itself is declared where the call is made, with SmallRye Fault Tolerance
 * ({@code @Retry}, {@code @ExponentialBackoff}, {@code @RetryWhen}); this only watches the tries. One
 * instance per outage to report (a sink, an ingest), shared by its calls.
 */
public final class RedisOutageLog {

    private final Logger log;
    private final String waiting;
    private final String resumed;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param log     where the outage is reported
     * @param waiting what the caller does while Redis is away, logged with the failure when it starts
     * @param resumed logged when a call succeeds again
     */
    public RedisOutageLog(Logger log, String waiting, String resumed) {
        this.log = log;
        this.waiting = waiting;
        this.resumed = resumed;
    }

    /** One try of the call, watched: a failure that {@code retried} accepts starts an outage, an item ends it. */
    public <T> Uni<T> watch(Uni<T> call, Predicate<Throwable> retried) {
        return call.onFailure(retried)
                .invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warnf("%s: %s", waiting, e.getMessage());
                    }
                })
                .invoke(() -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info(resumed);
                    }
                });
    }
}
