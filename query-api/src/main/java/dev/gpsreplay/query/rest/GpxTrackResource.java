package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.GpxWriter;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.service.VehicleLookup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A vehicle's replayed history as a GPX 1.1 document (#13), for GPS software, maps and Strava-like
 * tools: the same fixes, parameters and limits as {@code /vehicles/{id}/track}, written with jpx
 * straight to the response. Speed and course are in a Garmin TrackPointExtension.
 */
@Path("/vehicles")
@Tag(name = "Vehicles", description = "Vehicles, their current state, history and metrics")
public class GpxTrackResource {

    /** GPX's registered media type. */
    public static final String GPX = "application/gpx+xml";

    private final VehicleLookup vehicles;
    private final VehicleViewReader reader;
    private final QueryConfig config;

    public GpxTrackResource(VehicleLookup vehicles, VehicleViewReader reader, QueryConfig config) {
        this.vehicles = vehicles;
        this.reader = reader;
        this.config = config;
    }

    @GET
    @Path("/{vehicle_id}/track.gpx")
    @Produces(GPX)
    @Operation(
            summary = "A vehicle's history as GPX 1.1",
            description = "Fixes in time order as one trk/trkseg; from/to/limit as for /vehicles/{id}/track.")
    @APIResponse(responseCode = "200", description = "The GPX document", content = @Content(mediaType = GPX))
    @APIResponse(responseCode = "400", description = "from/to not ISO-8601, from after to, or limit out of range")
    @APIResponse(responseCode = "404", description = "No such vehicle")
    @APIResponse(responseCode = "503", description = "Redis unavailable")
    public Uni<Response> trackGpx(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId, @BeanParam TrackQuery query) {
        String id = vehicles.require(vehicleId).vehicleId();
        TrackRange range = query.range(config);
        return reader.track(id, range.fromMillis(), range.toMillis(), range.limit())
                // writing the document is blocking I/O on the response stream: never on the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(fixes -> Response.ok(document(id, fixes), GPX)
                        .header("Content-Disposition", "attachment; filename=\"" + id + ".gpx\"")
                        .build());
    }

    private static StreamingOutput document(String vehicleId, List<GpsFix> fixes) {
        return out -> GpxWriter.write(vehicleId, fixes, out);
    }
}
