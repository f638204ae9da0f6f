package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.legacy.LegacyFix;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.query.api.SeedTaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveEntry;
import dev.gpsreplay.query.live.LiveView;
import dev.gpsreplay.query.service.AverageSpeedService;
import dev.gpsreplay.query.service.VehicleLookup;
import dev.gpsreplay.query.task.AverageSpeedTasks;
import dev.gpsreplay.query.task.TaskStore;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The seed system's endpoints, with its names and JSON fields, for the clients that already use them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Seed-compatible", description = "The seed system's endpoints, unchanged for its clients")
public class SeedResource {

    private static final String VEHICLE_DOC = "The vehicle; default: the most recently updated one.";
    private static final String WINDOW_DOC = "Length of the window of track time in seconds, a decimal number "
            + "(2.5 works): more than 0, at most query.max-window-seconds.";

    private final VehicleLookup vehicles;
    private final AverageSpeedService averages;
    private final AverageSpeedTasks tasks;
    private final TaskStore taskStore;
    private final QueryConfig config;

    @Inject
    LiveView liveView;

    private final JsonCodec codec;

    public SeedResource(
            VehicleLookup vehicles,
            AverageSpeedService averages,
            AverageSpeedTasks tasks,
            TaskStore taskStore,
            QueryConfig config,
            JsonCodec codec) {
        this.codec = codec;
        this.vehicles = vehicles;
        this.averages = averages;
        this.tasks = tasks;
        this.taskStore = taskStore;
        this.config = config;
    }

    @GET
    @Path("gps_state")
    @Operation(summary = "The current fix", description = "The latest fix of the vehicle, in the seed's JSON model.")
    @APIResponse(
            responseCode = "200",
            description = "The current fix",
            content = @Content(schema = @Schema(implementation = LegacyFix.class)))
    @APIResponse(responseCode = "404", description = "Unknown vehicle, or no vehicle has reported yet")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    @NonBlocking // the hot path: from memory, the seed JSON encoded once per fix, answered on the event loop
    public RestResponse<byte[]> gpsState(
            @QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC, example = "bus-17") String vehicleId) {
        LiveEntry entry;
        if (vehicleId == null || vehicleId.isBlank()) {
            entry = liveView.latestEntry()
                    .orElseThrow(() -> ProblemException.notFound("no vehicle has reported a fix yet"));
        } else {
            String id = RequestParameters.requireVehicleId("vehicle_id", vehicleId);
            entry = liveView.entry(id).orElseThrow(() -> ProblemException.notFound("no vehicle " + id));
        }
        return RestResponse.ResponseBuilder.ok(entry.legacyFixJson(), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Path("compute_avg_speed")
    @Operation(
            summary = "Average speed over the next N seconds (seed shape: a bare number)",
            description =
                    "Waits, without holding a thread, for the next time_window_seconds of track time (at "
                            + "replay speed 1 that is wall-clock time), then answers the mean of the fixes' speeds in it, in "
                            + "m/s, as a bare JSON number, as the seed did. A window that holds no fix answers the speed of "
                            + "the fix in force throughout it. The detailed answer is GET /vehicles/{vehicle_id}/average-speed.")
    @APIResponse(
            responseCode = "200",
            description = "The average speed in m/s once the window has closed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.NUMBER, format = "double", example = "12.34")))
    @APIResponse(responseCode = "400", description = "time_window_seconds missing, not a number or out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "429", description = "Too many requests wait already (query.max-pending-waits)")
    @APIResponse(responseCode = "503", description = "Redis is unavailable, or the track did not advance in time")
    public Uni<String> computeAvgSpeed(
            @QueryParam("time_window_seconds") @Parameter(description = WINDOW_DOC, example = "2.5") String window,
            @QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC, example = "bus-17") String vehicleId) {
        long millis = windowMillis(window);
        // Encoded here so that a missing speed is the JSON null, not an empty 204.
        return averages.awaitAverageOverNext(vehicles.requireOrLatest(vehicleId), millis)
                .map(average -> codec.encode(average.averageSpeedMetersPerSecond()));
    }

    @POST
    @Path("request_to_compute_avg_speed")
    @Operation(
            summary = "Request the average speed over the next N seconds (seed shape: the task id string)",
            description = "Answers the new task's id at once, as a bare JSON string, as the seed did; poll "
                    + "/get_avg_speed_task_status?task_id= for the result. The detailed form is "
                    + "POST /vehicles/{vehicle_id}/average-speed-tasks.")
    @APIResponse(
            responseCode = "200",
            description = "The task id (the task is REQUESTED)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            format = "uuid",
                                            example = "0f8fad5b-d9cb-469f-a165-70867728950e")))
    @APIResponse(responseCode = "400", description = "time_window_seconds missing, not a number or out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "429", description = "Too many tasks run already (query.max-running-tasks)")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<String> requestAvgSpeed(
            @QueryParam("time_window_seconds") @Parameter(description = WINDOW_DOC, example = "2.5") String window,
            @QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC, example = "bus-17") String vehicleId) {
        long millis = windowMillis(window);
        // A String is written as it is: encode it so the body is the JSON string "<id>".
        return tasks.request(vehicles.requireOrLatest(vehicleId), millis).map(task -> codec.encode(task.taskId()));
    }

    @GET
    @Path("get_avg_speed_task_status")
    @Operation(
            summary = "An average-speed task's status and result (seed shape)",
            description = "{\"status\", \"result\"}: status is REQUESTED, RUNNING, DONE or FAILED; result is the "
                    + "average speed in m/s once DONE, null before. (The seed sent this object JSON-encoded as a "
                    + "string; this answers the object itself.) Ended tasks expire after query.task-ttl. The detailed "
                    + "form is GET /tasks/{task_id}.")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content = @Content(schema = @Schema(implementation = SeedTaskStatus.class)))
    @APIResponse(responseCode = "400", description = "task_id missing or malformed")
    @APIResponse(responseCode = "404", description = "Unknown or expired task")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<SeedTaskStatus> taskStatus(
            @QueryParam("task_id")
                    @Parameter(
                            description = "The id returned by /request_to_compute_avg_speed.",
                            example = "0f8fad5b-d9cb-469f-a165-70867728950e")
                    String taskId) {
        return TaskResource.find(taskStore, "task_id", taskId).map(SeedTaskStatus::of);
    }

    private long windowMillis(String raw) {
        return WindowParameter.millis("time_window_seconds", raw, config.maxWindowSeconds());
    }
}
