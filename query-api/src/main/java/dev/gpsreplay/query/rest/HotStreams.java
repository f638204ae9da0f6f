package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.query.live.LiveFeed;
import dev.gpsreplay.query.live.LiveFeeds;
import dev.gpsreplay.query.live.LiveView;
import dev.gpsreplay.query.service.ShutdownSignal;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Flow;

/**
 * The two event streams, {@code GET /stream} and {@code GET /vehicles/{vehicle_id}/stream}, served
 * by a Vert.x route ahead of Quarkus REST when they open: the same events, byte for byte, as
 * {@link StreamResource} and {@link VehicleStreamResource} write, but every event queued for a
 * client since its last write goes out in <em>one</em> write, and an event's data is the state JSON
 * its {@link dev.gpsreplay.query.live.LiveEntry} prepared once for every client and reader. Quarkus
 * REST writes and flushes each event on its own, and encodes it per client: at 10,000 fixes/s that
 * was the largest share of query-api's CPU after the JIT (a profile of {@code bench/run.sh
 * freshness}; the README's Performance section).
 *
 * <p>As {@link HotReads} does, this route answers only a stream that opens; everything else goes on
 * to the REST resources, which answer it as before and document both endpoints: a malformed or
 * unknown vehicle, the live view out of step with Redis (503), too many clients (429), an
 * {@code Accept} that excludes event streams, and every request while
 * {@code gpsreplay.auth.protect-reads} closes the reads. A stream opened here obeys what
 * {@link StreamLimits} gives the resources' streams: it counts against
 * {@code query.max-stream-clients}, and it ends cleanly when this instance shuts down.
 */
@ApplicationScoped
public class HotStreams {

    /** A comment, as Quarkus REST frames it; never changed (writers copy it into their batch). */
    private static final Buffer KEEP_ALIVE = Buffer.buffer(":" + StreamResource.KEEP_ALIVE + "\n\n");

    private final LiveView view;
    private final LiveFeeds feeds;
    private final StreamLimits limits;
    private final ShutdownSignal shutdown;
    private final HotPath hotPath;
    private final Vertx vertx;

    public HotStreams(
            LiveView view,
            LiveFeeds feeds,
            StreamLimits limits,
            ShutdownSignal shutdown,
            HotPath hotPath,
            Vertx vertx) {
        this.view = view;
        this.feeds = feeds;
        this.limits = limits;
        this.shutdown = shutdown;
        this.hotPath = hotPath;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.get("/stream").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(rc -> {
            if (opens(rc)) {
                stream(rc, feeds.all(this::event, HotStreams::keepAlive));
            } else {
                rc.next();
            }
        });
        router.get("/vehicles/:vehicle_id/stream")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> {
                    String id = rc.pathParam("vehicle_id");
                    if (opens(rc) && hotPath.entry(id).isPresent()) {
                        stream(rc, feeds.vehicle(id, this::event, HotStreams::keepAlive));
                    } else {
                        rc.next();
                    }
                });
    }

    /** Whether this route may open the stream; if not, the REST resource answers. */
    private boolean opens(RoutingContext rc) {
        return hotPath.open() && acceptsEventStream(rc.request().getHeader(HttpHeaders.ACCEPT)) && !limits.atCapacity();
    }

    static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals(MediaType.SERVER_SENT_EVENTS) || type.equals("text/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    /** One fix as Quarkus REST frames it: {@code id}, {@code event}, {@code data}, a blank line. */
    private Buffer event(FixEvent event) {
        byte[] json = view.stateJson(event, VehicleState::of);
        String head =
                "id:" + event.vehicleId() + ":" + event.sequence() + "\nevent:" + StreamResource.EVENT_NAME + "\ndata:";
        return Buffer.buffer(head.length() + json.length + 2)
                .appendString(head, StandardCharsets.UTF_8.name())
                .appendBytes(json)
                .appendString("\n\n");
    }

    private static Buffer keepAlive() {
        return KEEP_ALIVE;
    }

    private void stream(RoutingContext rc, LiveFeed<Buffer> feed) {
        HttpServerResponse response = rc.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.SERVER_SENT_EVENTS)
                .putHeader("X-SSE-Content-Type", MediaType.APPLICATION_JSON);
        feed.subscribe(new Writer(response, vertx.getOrCreateContext()));
    }

    /**
     * Writes a feed to one response: the items handed over in one run of the feed's delivery (on
     * this same context) are written together, in one write, once that run ends. Demand is the
     * window less what is written but not yet accepted by the socket, so a slow client only makes
     * its own feed skip ahead.
     */
    private final class Writer implements Flow.Subscriber<Buffer> {

        private static final int WINDOW = 512;

        private final HttpServerResponse response;
        private final Context context;
        private Flow.Subscription subscription;
        private Cancellable stopping;
        private Buffer pending;
        private int pendingItems;
        private long owed;
        private boolean done;

        Writer(HttpServerResponse response, Context context) {
            this.response = response;
            this.context = context;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            response.closeHandler(ignored -> finish(false)); // the client went away
            response.exceptionHandler(ignored -> finish(false));
            stopping = shutdown.stopped().subscribe().with(ignored -> context.runOnContext(v -> finish(true)));
            subscription.request(WINDOW);
        }

        @Override
        public void onNext(Buffer item) {
            if (done) {
                return;
            }
            if (pending == null) {
                pending = Buffer.buffer();
                context.runOnContext(ignored -> flush());
            }
            pending.appendBuffer(item);
            pendingItems++;
        }

        private void flush() {
            Buffer batch = pending;
            int items = pendingItems;
            pending = null;
            pendingItems = 0;
            if (batch == null || done) {
                return;
            }
            response.write(batch);
            owed += items;
            if (!response.writeQueueFull()) {
                requestOwed();
            } else {
                response.drainHandler(ignored -> requestOwed());
            }
        }

        private void requestOwed() {
            if (owed > 0 && !done) {
                long n = owed;
                owed = 0;
                subscription.request(n);
            }
        }

        @Override
        public void onError(Throwable failure) {
            context.runOnContext(ignored -> finish(true));
        }

        @Override
        public void onComplete() {
            context.runOnContext(ignored -> finish(true));
        }

        /**
         * Stops the feed, once. {@code end}: the feed ended or the instance stops, so what is queued
         * is written and the response ended; otherwise the client is gone and nothing is written.
         */
        private void finish(boolean end) {
            if (done) {
                return;
            }
            if (end && !response.closed()) {
                flush();
                response.end();
            }
            done = true;
            subscription.cancel();
            stopping.cancel();
        }
    }
}
