package dev.gpsreplay.replayer.rest;

import dev.gpsreplay.common.openapi.SharedComponents;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.common.security.AuthConfig;
import dev.gpsreplay.domain.TrackFormat;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.replayer.config.TrackLimits;
import dev.gpsreplay.replayer.replay.ReplayRegistry;
import dev.gpsreplay.replayer.replay.ReplayStatus;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Controls the replays: list, pause, resume, change speed, seek, upload a new track. */
@Path("/replays")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Replays", description = "Control the replay of each vehicle's track")
public class ReplayResource {

    private static final double MAX_SPEED = 1_000_000;

    private final ReplayRegistry registry;
    private final TrackLimits trackLimits;
    private final ReplayUploads uploads;

    public ReplayResource(ReplayRegistry registry, TrackLimits trackLimits, ReplayUploads uploads) {
        this.registry = registry;
        this.trackLimits = trackLimits;
        this.uploads = uploads;
    }

    @GET
    @Operation(summary = "List every replay", description = "One entry per vehicle, in the order they started.")
    public Uni<List<ReplayStatus>> list() {
        return registry.statuses();
    }

    @GET
    @Path("/{vehicle_id}")
    @Operation(summary = "One vehicle's replay")
    @APIResponse(responseCode = "200", description = "The replay")
    @APIResponse(responseCode = "404", description = "No such replay")
    public Uni<ReplayStatus> get(@PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return registry.status(vehicleId);
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @POST
    @Path("/{vehicle_id}/pause")
    @Operation(
            summary = "Pause a replay",
            description =
                    "No fix is emitted until it is resumed. Pausing a paused " + "or finished replay changes nothing.")
    @APIResponse(responseCode = "200", description = "The replay after pausing")
    @APIResponse(responseCode = "404", description = "No such replay")
    public Uni<ReplayStatus> pause(@PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return registry.pause(vehicleId);
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @POST
    @Path("/{vehicle_id}/resume")
    @Operation(
            summary = "Resume a paused replay",
            description = "Goes on from where it paused, keeping the time " + "that was left until the next fix.")
    @APIResponse(responseCode = "200", description = "The replay after resuming")
    @APIResponse(responseCode = "404", description = "No such replay")
    @APIResponse(responseCode = "409", description = "The replay has finished")
    public Uni<ReplayStatus> resume(@PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return registry.resume(vehicleId);
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @PUT
    @Path("/{vehicle_id}/speed")
    @Operation(
            summary = "Change a replay's speed",
            description = "1 is the recorded pace, 10 ten times faster, "
                    + "0.5 half as fast. The schedule is re-anchored at the current position.")
    @APIResponse(responseCode = "200", description = "The replay at its new speed")
    @APIResponse(responseCode = "429", description = "replay.max-emission-rate would be exceeded")
    @APIResponse(responseCode = "400", description = "factor missing, not a number, or outside 0.001..1000000")
    @APIResponse(responseCode = "404", description = "No such replay")
    public Uni<ReplayStatus> speed(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("factor")
                    @Parameter(description = "Speed factor (dimensionless), 0.001 to 1000000.", example = "10")
                    String factor) {
        return registry.setSpeed(vehicleId, RequestParameters.requireDouble("factor", factor, 0.001, MAX_SPEED));
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @POST
    @Path("/{vehicle_id}/seek")
    @Operation(
            summary = "Jump to a fix",
            description = "The fix at the position is emitted at once if the replay "
                    + "plays (or had finished); a paused replay stays paused there.")
    @APIResponse(responseCode = "200", description = "The replay at its new position")
    @APIResponse(responseCode = "400", description = "position missing, not a whole number, or outside the track")
    @APIResponse(responseCode = "404", description = "No such replay")
    public Uni<ReplayStatus> seek(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("position") @Parameter(description = "0-based index of a fix in the track.", example = "100")
                    String position) {
        return registry.seek(
                vehicleId, (int) RequestParameters.requireLong("position", position, 0, Integer.MAX_VALUE - 1));
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @DELETE
    @Path("/{vehicle_id}")
    @Operation(summary = "Stop and forget a replay", description = "The vehicle's view in Redis stays.")
    @APIResponse(responseCode = "200", description = "The replay as it stopped")
    @APIResponse(responseCode = "404", description = "No such replay")
    public Uni<ReplayStatus> delete(@PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return registry.remove(vehicleId);
    }

    @RolesAllowed(AuthConfig.OPERATOR)
    @POST
    @Blocking // reading a file of up to quarkus.http.limits.max-body-size never runs on the event loop
    @Consumes({
        "text/csv",
        "application/gpx+xml",
        "application/x-nmea",
        "text/x-nmea",
        MediaType.APPLICATION_OCTET_STREAM
    })
    @Operation(
            summary = "Replay an uploaded track as a new vehicle",
            description = "The body is a track file: the seed system's CSV, GPSLogger's CSV export (text/csv), GPX "
                    + "1.0/1.1 (application/gpx+xml) or an NMEA 0183 log (application/x-nmea or text/x-nmea); as "
                    + "application/octet-stream the format is recognised from the content. Bad rows are skipped, "
                    + "counted in rows_rejected and the first 100 listed in rejected_rows; with strict=true any bad "
                    + "row refuses the file. A file with no usable row is a 400 listing its first bad rows; more rows "
                    + "than replay.max-rows, or a body over quarkus.http.limits.max-body-size, is a 413.")
    @RequestBody(ref = SharedComponents.TRACK_UPLOAD)
    @APIResponse(
            responseCode = "201",
            description = "The replay started",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UploadedReplay.class)))
    @APIResponse(
            responseCode = "400",
            description = "vehicle_id missing or invalid, no usable row in the file (or "
                    + "any bad row with strict=true), or a Content-Type that the body contradicts")
    @APIResponse(responseCode = "409", description = "The vehicle already replays")
    @APIResponse(
            responseCode = "413",
            description =
                    "More rows than replay.max-rows, or a body larger than " + "quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "415", description = "A Content-Type that is no track format (text/plain among them)")
    @APIResponse(responseCode = "421", description = "The vehicle belongs to another replayer's shard (replay.shard)")
    @APIResponse(responseCode = "429", description = "replay.max-replays or replay.max-emission-rate would be exceeded")
    public Uni<RestResponse<UploadedReplay>> upload(
            @QueryParam("vehicle_id")
                    @Parameter(
                            description = "Id of the new vehicle: 1-64 letters, digits, '.', " + "'_' or '-'.",
                            example = "truck-3")
                    String vehicleIdParam,
            @QueryParam("speed")
                    @Parameter(
                            description = "Speed factor (dimensionless), 0.001 to 1000000; default " + "replay.speed.",
                            example = "1")
                    String speedParam,
            @QueryParam("loop")
                    @Parameter(
                            description = "Start over after the last fix: true or false; default " + "replay.loop.",
                            example = "false")
                    String loopParam,
            @QueryParam("strict")
                    @Parameter(
                            description = "Refuse the file (400, listing them) if any row is bad: "
                                    + "true or false; default false.",
                            example = "false")
                    String strictParam,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        String vehicleId = RequestParameters.requireVehicleId("vehicle_id", vehicleIdParam);
        Double speed = speedParam == null || speedParam.isBlank()
                ? null
                : RequestParameters.requireDouble("speed", speedParam, 0.001, MAX_SPEED);
        Boolean loop = RequestParameters.optionalBoolean("loop", loopParam).orElse(null);
        boolean strict =
                RequestParameters.optionalBoolean("strict", strictParam).orElse(false);
        byte[] content = body == null ? new byte[0] : body;
        TrackFormat format = uploads.format(contentType, content);
        TrackReadResult read = uploads.read(vehicleId, format, content, trackLimits.readLimits(), strict);
        return registry.startUpload(vehicleId, read, speed, loop)
                .map(status -> RestResponse.ResponseBuilder.<UploadedReplay>created(URI.create("/replays/" + vehicleId))
                        .entity(new UploadedReplay(
                                status, format.name().toLowerCase(Locale.ROOT), uploads.listed(read.rejections())))
                        .build());
    }
}
