package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.query.api.TrackPage;
import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.query.api.WindowStats;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveEntry;
import dev.gpsreplay.query.live.LiveView;
import dev.gpsreplay.query.service.AverageSpeedService;
import dev.gpsreplay.query.service.VehicleLookup;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The resource API: vehicles, their state, their track and metrics over a window. */
@Path("/vehicles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vehicles", description = "Vehicles, their current state, history and metrics")
public class VehicleResource {

    private final LiveView view;
    private final VehicleLookup vehicles;
    private final VehicleViewReader reader;
    private final AverageSpeedService averages;
    private final QueryConfig config;

    public VehicleResource(
            LiveView view,
            VehicleLookup vehicles,
            VehicleViewReader reader,
            AverageSpeedService averages,
            QueryConfig config) {
        this.view = view;
        this.vehicles = vehicles;
        this.reader = reader;
        this.averages = averages;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "Vehicles with their latest fix, a page at a time",
            description =
                    "Ordered by vehicle id. At most limit vehicles (default query.vehicles-default-limit, at most "
                            + "query.vehicles-max-limit); when more follow, a Link header with rel=\"next\" gives the next "
                            + "page's URL (cursor = the last vehicle id of this page). X-Total-Count holds the number of "
                            + "vehicles. Without parameters this is the first page: every vehicle of a fleet up to the default limit.")
    @APIResponse(
            responseCode = "200",
            description = "The vehicles",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VehicleState.class)))
    @APIResponse(responseCode = "400", description = "limit out of range, or cursor not a vehicle id")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    @NonBlocking
    public RestResponse<List<VehicleState>> list(
            @QueryParam("limit")
                    @Parameter(description = "Vehicles per page, 1 to query.vehicles-max-limit.", example = "100")
                    String limit,
            @QueryParam("cursor")
                    @Parameter(
                            description = "Start after this vehicle id (from the previous page's " + "Link header).",
                            example = "bus-17")
                    String cursor) {
        int max = (int) RequestParameters.optionalLong(
                "limit", limit, 1, config.vehiclesMaxLimit(), config.vehiclesDefaultLimit());
        String after = cursor == null || cursor.isBlank() ? null : RequestParameters.requireVehicleId("cursor", cursor);
        LiveView.Page page = view.page(after, max);
        RestResponse.ResponseBuilder<List<VehicleState>> response = RestResponse.ResponseBuilder.ok(
                        page.vehicles().stream().map(VehicleState::of).toList())
                .header("X-Total-Count", view.size());
        if (page.nextCursor() != null) {
            response.header(
                    "Link",
                    "</vehicles?limit=" + max + "&cursor="
                            + URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return response.build();
    }

    @GET
    @Path("/{vehicle_id}/state")
    @Operation(summary = "A vehicle's latest fix")
    @APIResponse(
            responseCode = "200",
            description = "The vehicle's state",
            content = @Content(schema = @Schema(implementation = VehicleState.class)))
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    @NonBlocking // from memory, with the body encoded once per fix: no reason to leave the event loop
    public RestResponse<byte[]> state(@PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        String id = RequestParameters.requireVehicleId("vehicle_id", vehicleId);
        LiveEntry entry = view.entry(id).orElseThrow(() -> ProblemException.notFound("no vehicle " + id));
        return RestResponse.ResponseBuilder.ok(entry.stateJson(VehicleState::of), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Path("/{vehicle_id}/track")
    @Operation(
            summary = "A vehicle's fixes in time order",
            description = "The history kept in Redis (the newest view.history-size fixes), filtered by time.")
    @APIResponse(responseCode = "200", description = "The fixes, earliest first")
    @APIResponse(responseCode = "400", description = "from/to not ISO-8601, from after to, or limit out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<TrackPage> track(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId, @BeanParam TrackQuery query) {
        String id = vehicles.require(vehicleId).vehicleId();
        TrackRange range = query.range(config);
        return reader.track(id, range.fromMillis(), range.toMillis(), range.limit())
                .map(fixes -> new TrackPage(id, fixes.size(), fixes));
    }

    @GET
    @Path("/{vehicle_id}/stats")
    @Operation(
            summary = "Metrics over the last N seconds of track time",
            description = "Over the fixes from the current fix's time minus window_seconds to the current fix, "
                    + "both inclusive: count, mean and max speed, geodesic distance, moving time. Answers at once.")
    @APIResponse(responseCode = "200", description = "The metrics")
    @APIResponse(responseCode = "400", description = "window_seconds missing, not a whole number or out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<WindowStats> stats(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("window_seconds")
                    @Parameter(
                            description = "Window length, whole seconds, 1 to " + "query.max-window-seconds.",
                            example = "60")
                    String window) {
        FixEvent current = vehicles.require(vehicleId);
        long seconds = RequestParameters.requireLong("window_seconds", window, 1, config.maxWindowSeconds());
        return averages.lastWindow(current, seconds);
    }
}
