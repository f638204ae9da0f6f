package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveFeeds;
import dev.gpsreplay.query.service.LimitExceededException;
import dev.gpsreplay.query.service.ShutdownSignal;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * What every event stream obeys: at most {@code query.max-stream-clients} at once (one more is a 429
 * with {@code Retry-After}), and each completes cleanly when this instance shuts down.
 */
@ApplicationScoped
public class StreamLimits {

    /** A client usually stays for minutes: a retry sooner would likely meet the same limit. */
    private static final long RETRY_AFTER_SECONDS = 10;

    private final LiveFeeds feeds;
    private final QueryConfig config;
    private final ShutdownSignal shutdown;

    public StreamLimits(LiveFeeds feeds, QueryConfig config, ShutdownSignal shutdown) {
        this.feeds = feeds;
        this.config = config;
        this.shutdown = shutdown;
    }

    /** Whether this instance serves as many streams as it may: one more is a 429. */
    public boolean atCapacity() {
        return feeds.openFeeds() >= config.maxStreamClients();
    }

    /**
     * The stream of {@code feed}, ended by a shutdown.
     *
     * @param end a marker item, never sent: its arrival ends the stream
     * @throws LimitExceededException when the instance serves as many streams as it may already
     *         (checked on request: concurrent requests may exceed the limit by a few, never more)
     */
    public <T> Multi<T> open(Supplier<Flow.Publisher<T>> feed, T end) {
        if (atCapacity()) {
            throw new LimitExceededException(
                    "event stream clients", config.maxStreamClients(), "query.max-stream-clients", RETRY_AFTER_SECONDS);
        }
        Multi<T> events =
                Multi.createFrom().publisher(feed.get()).onCompletion().continueWith(end);
        Multi<T> stopped = shutdown.stopped().map(ignored -> end).toMulti();
        // whichever marker comes first (the feed's own end, or shutdown) completes the stream and
        // cancels the other, which closes the feed
        return Multi.createBy().merging().streams(events, stopped).select().first(item -> item != end);
    }
}
