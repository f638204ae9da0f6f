package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.api.AverageSpeed;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.service.AverageSpeedService;
import dev.gpsreplay.query.service.VehicleLookup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The resource API's average speed over the next window, with the details the seed's bare number
 * leaves out. A class of its own (not a method of {@link VehicleResource}): see
 * {@link VehicleStreamResource} for why JAX-RS needs that.
 */
@Path("/vehicles/{vehicle_id}/average-speed")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vehicles")
public class AverageSpeedResource {

    static final String WINDOW_DOC = "Length of the window of track time in seconds, a decimal number (2.5 works): "
            + "more than 0, at most query.max-window-seconds.";

    private final VehicleLookup vehicles;
    private final AverageSpeedService averages;
    private final QueryConfig config;

    public AverageSpeedResource(VehicleLookup vehicles, AverageSpeedService averages, QueryConfig config) {
        this.vehicles = vehicles;
        this.averages = averages;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "Average speed over the next N seconds of track time",
            description = "Waits, without holding a thread, until the vehicle's track has advanced window_seconds "
                    + "past its current fix, then answers the mean speed of the fixes in that window (current fix "
                    + "excluded, end included), with the window's bounds and count. The seed's "
                    + "/compute_avg_speed answers the same average as a bare number.")
    @APIResponse(
            responseCode = "200",
            description = "The average once the window has closed",
            content = @Content(schema = @Schema(implementation = AverageSpeed.class)))
    @APIResponse(responseCode = "400", description = "window_seconds missing, not a number or out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "429", description = "Too many requests wait already (query.max-pending-waits)")
    @APIResponse(responseCode = "503", description = "Redis is unavailable, or the track did not advance in time")
    public Uni<AverageSpeed> averageSpeed(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("window_seconds") @Parameter(description = WINDOW_DOC, example = "2.5") String window) {
        var current = vehicles.require(vehicleId);
        long millis = WindowParameter.millis("window_seconds", window, config.maxWindowSeconds());
        return averages.awaitAverageOverNext(current, millis);
    }
}
