package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.query.live.LiveFeeds;
import dev.gpsreplay.query.live.LiveView;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Live push: Server-Sent Events of the vehicles' fixes as they arrive.
 *
 * <p>The contract, for both endpoints: a comment {@code : keep-alive} at once and every 15 s; then
 * one event per fix, named {@value #EVENT_NAME}, whose {@code id} is {@code <vehicle_id>:<sequence>}
 * and whose {@code data} is the {@link VehicleState} JSON of {@code GET /vehicles/{id}/state}. A new
 * subscriber first gets the current state of each vehicle it asked for, then every newer fix.
 * Nothing is replayed on reconnection ({@code Last-Event-ID} is ignored): the current state is the
 * resync. A client that falls {@value LiveFeeds#CAPACITY} fixes behind skips ahead: the oldest fixes
 * queued for it are dropped, for it alone (see {@link dev.gpsreplay.query.live.LiveFeed}). The
 * stream ends when the live view loses Redis; reconnecting then answers 503 until it is back.
 */
@Path("/stream")
@Tag(name = "Live", description = "Server-Sent Events: the vehicles' fixes as they arrive")
public class StreamResource {

    /** The SSE event name of a fix. */
    public static final String EVENT_NAME = "fix";

    static final String KEEP_ALIVE = "keep-alive";

    static final String CONTRACT = " A comment `: keep-alive` comes at once and every 15 s. Each fix "
            + "is an event named `fix` whose `id` is `<vehicle_id>:<sequence>` and whose `data` is the VehicleState "
            + "JSON (as from /vehicles/{vehicle_id}/state; sequence grows by one per fix within a replay run). "
            + "Last-Event-ID is ignored: a reconnecting client gets the current state again, then the new fixes. "
            + "A client that falls 1024 fixes behind skips ahead: its oldest undelivered fixes are dropped (a jump "
            + "in sequence), for it alone; no client ever slows ingest or other clients. The stream ends when the "
            + "service loses Redis or shuts down. At most query.max-stream-clients clients at once (then a 429 with "
            + "Retry-After).";

    private final LiveView view;
    private final LiveFeeds feeds;
    private final StreamLimits limits;

    public StreamResource(LiveView view, LiveFeeds feeds, StreamLimits limits) {
        this.view = view;
        this.feeds = feeds;
        this.limits = limits;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Every vehicle's fixes, live (Server-Sent Events)",
            description = "First the current state of every vehicle, the least recently updated first, then "
                    + "every fix of any vehicle as it arrives." + CONTRACT)
    @APIResponse(
            responseCode = "200",
            description = "Every vehicle's fixes as events; each event's data is a VehicleState",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = VehicleState.class)))
    @APIResponse(responseCode = "429", description = "As many clients as query.max-stream-clients are connected")
    @APIResponse(responseCode = "503", description = "Redis is unavailable (the live view is not in step with it)")
    public Multi<OutboundSseEvent> all(@Context Sse sse) {
        view.all(); // a 503 now, rather than an empty stream, while the view is not in step with Redis
        return limits.open(() -> feeds.all(event -> fix(sse, event), () -> keepAlive(sse)), end(sse));
    }

    static OutboundSseEvent fix(Sse sse, FixEvent event) {
        return sse.newEventBuilder()
                .name(EVENT_NAME)
                .id(event.vehicleId() + ":" + event.sequence())
                .data(VehicleState.class, VehicleState.of(event))
                .build();
    }

    /** A marker that ends a stream, never sent (see {@link StreamLimits}). */
    static OutboundSseEvent end(Sse sse) {
        return sse.newEventBuilder().comment("end").build();
    }

    static OutboundSseEvent keepAlive(Sse sse) {
        return sse.newEventBuilder().comment(KEEP_ALIVE).build();
    }
}
