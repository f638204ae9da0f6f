package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.query.live.LiveFeeds;
import dev.gpsreplay.query.service.VehicleLookup;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Live push of one vehicle: the same contract as {@link StreamResource}, filtered to one vehicle.
 * A class of its own because JAX-RS matches the class path first: a method path under {@code /}
 * would lose {@code /vehicles/...} to {@link VehicleResource}.
 */
@Path("/vehicles/{vehicle_id}/stream")
@Produces(MediaType.SERVER_SENT_EVENTS)
@RestStreamElementType(MediaType.APPLICATION_JSON)
@Tag(name = "Live")
public class VehicleStreamResource {

    private final VehicleLookup vehicles;
    private final LiveFeeds feeds;
    private final StreamLimits limits;

    public VehicleStreamResource(VehicleLookup vehicles, LiveFeeds feeds, StreamLimits limits) {
        this.vehicles = vehicles;
        this.feeds = feeds;
        this.limits = limits;
    }

    @GET
    @Operation(
            summary = "One vehicle's fixes, live (Server-Sent Events)",
            description = "First the vehicle's current state, then each of its fixes as it arrives."
                    + StreamResource.CONTRACT)
    @APIResponse(
            responseCode = "200",
            description = "The vehicle's fixes as events; each event's data is its VehicleState",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = VehicleState.class)))
    @APIResponse(responseCode = "400", description = "Malformed vehicle id")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "429", description = "As many clients as query.max-stream-clients are connected")
    @APIResponse(responseCode = "503", description = "Redis is unavailable (the live view is not in step with it)")
    public Multi<OutboundSseEvent> vehicle(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId, @Context Sse sse) {
        String id = vehicles.require(vehicleId).vehicleId();
        return limits.open(
                () -> feeds.vehicle(id, event -> StreamResource.fix(sse, event), () -> StreamResource.keepAlive(sse)),
                StreamResource.end(sse));
    }
}
