package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.RedisPipeline;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.common.view.ViewConfig;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.query.config.QueryConfig;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps {@link LiveView} in step with Redis: subscribes to the fix notifications, loads every
 * vehicle's state, and checks Redis periodically. When Redis is down the view is marked unsynced
 * (reads answer 503); when it is back, or is another server process (a restart, maybe empty), the
 * subscription is renewed and the view reloaded, with no restart of this service. In a Redis Cluster
 * the "server" is the set of its masters: a keyless command reaches any node, so a node's own
 * {@code run_id} would change from one check to the next.
 */
@ApplicationScoped
public class LiveViewSync {

    private static final Logger LOG = Logger.getLogger(LiveViewSync.class);

    private final ReactiveRedisDataSource redis;
    private final VehicleViewReader reader;
    private final LiveView view;
    private final JsonCodec codec;
    private final IngestEchoes echoes;
    private final ViewConfig viewConfig;
    private final QueryConfig config;
    private final Vertx vertx;
    private final boolean cluster;

    /** The Redis process we are in step with ({@code run_id} from INFO), null when not in step. */
    private volatile String syncedServer;

    private volatile ReactivePubSubCommands.ReactiveRedisSubscriber subscription;
    private volatile boolean checking;
    private long timerId = -1;

    public LiveViewSync(
            ReactiveRedisDataSource redis,
            VehicleViewReader reader,
            LiveView view,
            JsonCodec codec,
            IngestEchoes echoes,
            ViewConfig viewConfig,
            QueryConfig config,
            Vertx vertx,
            RedisPipeline pipeline) {
        this.redis = redis;
        this.reader = reader;
        this.view = view;
        this.codec = codec;
        this.echoes = echoes;
        this.viewConfig = viewConfig;
        this.config = config;
        this.vertx = vertx;
        this.cluster = pipeline.cluster();
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(1, config.viewCheckInterval().toMillis(), id -> check());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
        syncedServer = null; // the subscription ends now, and that is no loss of Redis
        unsubscribe();
    }

    /** One check: is Redis there, and is it the server we synced with? Resync if not. */
    void check() {
        if (checking) {
            return;
        }
        checking = true;
        pruneIdle();
        serverRunId()
                .flatMap(runId ->
                        Objects.equals(runId, syncedServer) ? Uni.createFrom().voidItem() : resync(runId))
                .onTermination()
                .invoke(() -> checking = false)
                .subscribe()
                .with(ignored -> {}, this::lost);
    }

    /** Idle vehicles expire from Redis by themselves (key TTL); the copy in memory follows. */
    private void pruneIdle() {
        long ttl = viewConfig.vehicleIdleTtl().toMillis();
        if (ttl > 0) {
            int removed = view.pruneIdle(System.currentTimeMillis() - ttl);
            if (removed > 0) {
                LOG.infof("%d idle vehicles left the live view (no fix for %s)", removed, viewConfig.vehicleIdleTtl());
            }
        }
    }

    /** Reloads the whole view from Redis, subscribed first; a span of its own ({@code live view resync}). */
    @WithSpan("live view resync")
    Uni<Void> resync(@SpanAttribute("redis.run_id") String runId) {
        LOG.infof("Syncing the live view with Redis (server %s)", runId);
        view.markUnsynced();
        unsubscribe();
        echoes.clear(); // what the old subscription did not deliver never comes
        // Subscribed first (confirmed by Redis), loaded second: an update between the two is applied
        // by both, harmlessly; none falls between them.
        return redis.pubsub(String.class)
                .subscribe(
                        ViewKeys.FIXES_CHANNEL,
                        json -> view.accept(echoes.event(json, codec::decodeEvent)),
                        () -> lost(new IllegalStateException("the subscription ended")),
                        this::lost)
                .invoke(subscribed -> subscription = subscribed)
                .chain(subscribed -> reader.states())
                .invoke(states -> {
                    view.reload(states);
                    syncedServer = runId;
                    LOG.infof("Live view in step with Redis: %d vehicles", states.size());
                })
                .replaceWithVoid();
    }

    private void lost(Throwable failure) {
        if (syncedServer != null) {
            LOG.warnf("Lost Redis, serving 503 until it is back: %s", failure.getMessage());
        }
        syncedServer = null;
        view.markUnsynced();
    }

    private void unsubscribe() {
        ReactivePubSubCommands.ReactiveRedisSubscriber current = subscription;
        subscription = null;
        if (current != null) {
            current.unsubscribe()
                    .subscribe()
                    .with(ignored -> {}, failure -> LOG.debugf("Unsubscribing failed: %s", failure.getMessage()));
        }
    }

    /** The server's {@code run_id}; in a cluster, its masters' node ids (the same from every node). */
    private Uni<String> serverRunId() {
        Uni<String> identity = cluster
                ? redis.execute("CLUSTER", "NODES")
                        .map(nodes -> nodes.toString()
                                .lines()
                                .map(line -> line.split(" "))
                                .filter(fields -> fields.length > 2 && fields[2].contains("master"))
                                .map(fields -> fields[0])
                                .sorted()
                                .collect(Collectors.joining(",")))
                : redis.execute("INFO", "server")
                        .map(info -> info.toString()
                                .lines()
                                .filter(line -> line.startsWith("run_id:"))
                                .map(line -> line.substring("run_id:".length()).trim())
                                .findFirst()
                                .orElse("unknown"));
        return identity.ifNoItem().after(viewConfig.redisTimeout()).fail();
    }
}
