package dev.gpsreplay.common.view;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Retries a Redis call for as long as Redis is unavailable, with back-off, so that the caller waits
 * instead of losing work; the outage is logged once when it starts and once when it ends. Which
 * failures count as Redis being away is the caller's: {@link RedisFailures#isTransient} lets an error
 * that would come again on every try (a wrong key type, a script error) fail the call at once. One
 * instance per outage to report (a sink, an ingest), shared by its calls.
 */
public final class RedisOutageRetry {

    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(2);

    private final Predicate<Throwable> retryOn;
    private final Logger log;
    private final String waiting;
    private final String resumed;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param retryOn which failures are retried
     * @param log     where the outage is reported
     * @param waiting what the caller does while Redis is away, logged with the failure when it starts
     * @param resumed logged when a call succeeds again
     */
    public RedisOutageRetry(Predicate<Throwable> retryOn, Logger log, String waiting, String resumed) {
        this.retryOn = retryOn;
        this.log = log;
        this.waiting = waiting;
        this.resumed = resumed;
    }

    /** The call, retried while its failures are ones to retry. */
    public <T> Uni<T> untilAvailable(Uni<T> call) {
        return call.onFailure(retryOn)
                .invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warnf("%s: %s", waiting, e.getMessage());
                    }
                })
                .onFailure(retryOn)
                .retry()
                .withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF)
                .indefinitely()
                .invoke(() -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info(resumed);
                    }
                });
    }
}
