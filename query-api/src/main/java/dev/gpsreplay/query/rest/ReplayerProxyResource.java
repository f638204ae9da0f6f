package dev.gpsreplay.query.rest;

import static dev.gpsreplay.query.rest.ReplayerForwarder.segment;

import dev.gpsreplay.common.openapi.SharedComponents;
import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.query.config.ReplayerProxyConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The replayer's control API, forwarded: the dashboard operates the replays through the origin that
 * serves it, and the replayer ({@code query.replayer-url}) need not be reachable from browsers. Each
 * call goes to the replayer's {@code /replays...} with the caller's {@code Authorization} header;
 * the replayer's status and body (its RFC 9457 problems included) come back unchanged. The replayer
 * unreachable is a 503 problem with {@code Retry-After}.
 */
@Path("/replayer/replays")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(
        name = "Replayer proxy",
        description = "The replayer's control API (GET /replays, POST /replays, pause, resume, "
                + "speed, seek, DELETE), forwarded unchanged with the caller's Authorization header")
@APIResponse(responseCode = "503", description = "The replayer cannot be reached (Retry-After says when to retry)")
public class ReplayerProxyResource {

    private static final String AUTH_DOC = "Forwarded to the replayer unchanged (the operator's bearer token); "
            + "the proxy adds no credential of its own.";
    private static final String REPLAY_EXAMPLE = """
            {"vehicle_id": "bus-17", "source": "data/bus-17.csv", "state": "PLAYING", "position": 41, "total": 1316,
             "speed": 1.0, "loop": false, "loop_iteration": 0, "fixes_emitted": 41, "rows_rejected": 0,
             "send_failures": 0, "run_id": "2f0c..."}""";

    private final ReplayerForwarder replayer;
    private final ReplayerProxyConfig config;

    public ReplayerProxyResource(ReplayerForwarder replayer, ReplayerProxyConfig config) {
        this.replayer = replayer;
        this.config = config;
    }

    @GET
    @Operation(summary = "Every replay (replayer GET /replays)")
    @APIResponse(
            responseCode = "200",
            description = "The replayer's answer: one status per vehicle",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "one replay", value = "[" + REPLAY_EXAMPLE + "]")))
    public Uni<Response> list(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization) {
        return replayer.forward(HttpMethod.GET, "/replays", Map.of(), authorization, null, null);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Replay an uploaded track as a new vehicle (replayer POST /replays)",
            description = "The body is the track file, sent on with its Content-Type: text/csv, application/gpx+xml "
                    + "or application/x-nmea. The replayer answers 201 with the new replay, or a problem listing the "
                    + "file's bad rows. Bodies over query.replayer-max-upload are refused here with 413.")
    @RequestBody(ref = SharedComponents.TRACK_UPLOAD)
    @APIResponse(
            responseCode = "201",
            description = "The replay started (Location: /replayer/replays/{id})",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "started", value = REPLAY_EXAMPLE)))
    @APIResponse(responseCode = "413", description = "The file is larger than query.replayer-max-upload")
    public Uni<Response> upload(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @HeaderParam("Content-Type") @Parameter(hidden = true) String contentType,
            @QueryParam("vehicle_id") @Parameter(description = "Id of the new vehicle.", example = "truck-3")
                    String vehicleId,
            @QueryParam("speed")
                    @Parameter(description = "Speed factor; default: the replayer's replay.speed.", example = "1")
                    String speed,
            @QueryParam("loop")
                    @Parameter(description = "Start over after the last fix: true or false.", example = "false")
                    String loop,
            byte[] body) {
        long limit = config.replayerMaxUpload().asLongValue();
        if (body != null && body.length > limit) {
            throw new ProblemException(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "The track file has " + body.length + " bytes; at most " + limit + " are accepted "
                            + "(query.replayer-max-upload)");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("vehicle_id", vehicleId);
        query.put("speed", speed);
        query.put("loop", loop);
        return replayer.forward(
                HttpMethod.POST, "/replays", query, authorization, contentType, body == null ? new byte[0] : body);
    }

    @POST
    @Path("/{vehicle_id}/pause")
    @Operation(summary = "Pause a replay (replayer POST /replays/{id}/pause)")
    @APIResponse(responseCode = "200", description = "The replay after pausing; other statuses as the replayer answers")
    public Uni<Response> pause(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return onReplay(HttpMethod.POST, vehicleId, "pause", Map.of(), authorization);
    }

    @POST
    @Path("/{vehicle_id}/resume")
    @Operation(summary = "Resume a paused replay (replayer POST /replays/{id}/resume)")
    @APIResponse(
            responseCode = "200",
            description = "The replay after resuming; other statuses as the replayer answers")
    public Uni<Response> resume(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return onReplay(HttpMethod.POST, vehicleId, "resume", Map.of(), authorization);
    }

    @PUT
    @Path("/{vehicle_id}/speed")
    @Operation(summary = "Change a replay's speed (replayer PUT /replays/{id}/speed?factor=)")
    @APIResponse(responseCode = "200", description = "The replay at its new speed; a bad factor is the replayer's 400")
    public Uni<Response> speed(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("factor") @Parameter(description = "Speed factor: 1 is the recorded pace.", example = "10")
                    String factor) {
        return onReplay(HttpMethod.PUT, vehicleId, "speed", single("factor", factor), authorization);
    }

    @POST
    @Path("/{vehicle_id}/seek")
    @Operation(summary = "Jump to a fix (replayer POST /replays/{id}/seek?position=)")
    @APIResponse(
            responseCode = "200",
            description = "The replay at its new position; a bad position is the " + "replayer's 400")
    public Uni<Response> seek(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("position") @Parameter(description = "0-based index of a fix in the track.", example = "100")
                    String position) {
        return onReplay(HttpMethod.POST, vehicleId, "seek", single("position", position), authorization);
    }

    @DELETE
    @Path("/{vehicle_id}")
    @Operation(summary = "Stop and forget a replay (replayer DELETE /replays/{id})")
    @APIResponse(responseCode = "200", description = "The replay as it stopped; other statuses as the replayer answers")
    public Uni<Response> delete(
            @HeaderParam("Authorization") @Parameter(in = ParameterIn.HEADER, description = AUTH_DOC)
                    String authorization,
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId) {
        return replayer.forward(
                HttpMethod.DELETE, "/replays/" + segment(vehicleId), Map.of(), authorization, null, null);
    }

    /** A body-less call on one replay: {@code /replays/{id}/{action}}. */
    private Uni<Response> onReplay(
            HttpMethod method, String vehicleId, String action, Map<String, String> query, String authorization) {
        return replayer.forward(
                method, "/replays/" + segment(vehicleId) + "/" + action, query, authorization, null, new byte[0]);
    }

    private static Map<String, String> single(String name, String value) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(name, value);
        return query;
    }
}
