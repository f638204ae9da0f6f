package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.event.SeedFix;
import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.query.api.AverageSpeed;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveEntry;
import dev.gpsreplay.query.live.LiveView;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import dev.gpsreplay.query.service.AverageSpeedService;
import dev.gpsreplay.query.service.VehicleLookup;
import dev.gpsreplay.query.task.AverageSpeedTasks;
import dev.gpsreplay.query.task.TaskStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    private static final String WINDOW_DOC = "Length of the window of track time, whole seconds, 1 to query.max-window-seconds.";

    private final VehicleLookup vehicles;
    private final AverageSpeedService averages;
    private final AverageSpeedTasks tasks;
    private final TaskStore taskStore;
    private final QueryConfig config;
    @Inject
    LiveView liveView;

    public SeedResource(VehicleLookup vehicles, AverageSpeedService averages, AverageSpeedTasks tasks,
            TaskStore taskStore, QueryConfig config) {
        this.vehicles = vehicles;
        this.averages = averages;
        this.tasks = tasks;
        this.taskStore = taskStore;
        this.config = config;
    }

    @GET
    @Path("gps_state")
    @Operation(summary = "The current fix", description = "The latest fix of the vehicle, in the seed's JSON model.")
    @APIResponse(responseCode = "200", description = "The current fix",
            content = @Content(schema = @Schema(implementation = SeedFix.class)))
    @APIResponse(responseCode = "404", description = "Unknown vehicle, or no vehicle has reported yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @NonBlocking // the hot path: from memory, the seed JSON encoded once per fix, answered on the event loop
    public RestResponse<byte[]> gpsState(@QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC,
            example = "bus-17") String vehicleId) {
        LiveEntry entry;
        if (vehicleId == null || vehicleId.isBlank()) {
            entry = liveView.latestEntry()
                    .orElseThrow(() -> ProblemException.notFound("no vehicle has reported a fix yet"));
        } else {
            String id = RequestParameters.requireVehicleId("vehicle_id", vehicleId);
            entry = liveView.entry(id).orElseThrow(() -> ProblemException.notFound("no vehicle " + id));
        }
        return RestResponse.ResponseBuilder.ok(entry.seedJson(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("compute_avg_speed")
    @Operation(summary = "Average speed over the next N seconds",
            description = "Waits, without holding a thread, for the next time_window_seconds of track time (at "
                    + "replay speed 1 that is wall-clock time), then answers the mean of the fixes' speeds in it.")
    @APIResponse(responseCode = "200", description = "The average once the window has closed",
            content = @Content(schema = @Schema(implementation = AverageSpeed.class)))
    @APIResponse(responseCode = "400", description = "time_window_seconds missing, not a whole number or out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown vehicle",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis is unavailable, or the track did not advance in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AverageSpeed> computeAvgSpeed(
            @QueryParam("time_window_seconds") @Parameter(description = WINDOW_DOC, example = "10") String window,
            @QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC, example = "bus-17") String vehicleId) {
        long seconds = windowSeconds(window);
        return averages.averageOverNext(vehicles.requireOrLatest(vehicleId), seconds);
    }

    @POST
    @Path("request_to_compute_avg_speed")
    @Operation(summary = "Request the average speed over the next N seconds",
            description = "Returns a task id at once; poll /get_avg_speed_task_status for the result.")
    @APIResponse(responseCode = "202", description = "The task, REQUESTED",
            content = @Content(schema = @Schema(implementation = TaskStatus.class)))
    @APIResponse(responseCode = "400", description = "time_window_seconds missing, not a whole number or out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown vehicle",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<TaskStatus>> requestAvgSpeed(
            @QueryParam("time_window_seconds") @Parameter(description = WINDOW_DOC, example = "10") String window,
            @QueryParam("vehicle_id") @Parameter(description = VEHICLE_DOC, example = "bus-17") String vehicleId) {
        long seconds = windowSeconds(window);
        return tasks.request(vehicles.requireOrLatest(vehicleId), seconds)
                .map(task -> RestResponse.ResponseBuilder.<TaskStatus>accepted(task)
                        .location(URI.create("/get_avg_speed_task_status?task_id=" + task.taskId())).build());
    }

    @GET
    @Path("get_avg_speed_task_status")
    @Operation(summary = "An average-speed task's status and result",
            description = "status is REQUESTED, RUNNING, DONE or FAILED; result is set once DONE. Tasks expire after "
                    + "query.task-ttl.")
    @APIResponse(responseCode = "200", description = "The task",
            content = @Content(schema = @Schema(implementation = TaskStatus.class)))
    @APIResponse(responseCode = "400", description = "task_id missing or malformed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown or expired task",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TaskStatus> taskStatus(@QueryParam("task_id")
            @Parameter(description = "The id returned by /request_to_compute_avg_speed.",
                    example = "0f8fad5b-d9cb-469f-a165-70867728950e") String taskId) {
        if (taskId == null || !taskId.matches("[0-9a-fA-F-]{36}")) {
            throw ProblemException.badRequest("task_id must be a task id (a UUID), got '" + taskId + "'");
        }
        return taskStore.find(taskId).map(found -> found.orElseThrow(
                () -> ProblemException.notFound("no task " + taskId + " (unknown, or expired)")));
    }

    private long windowSeconds(String raw) {
        return RequestParameters.requireLong("time_window_seconds", raw, 1, config.maxWindowSeconds());
    }
}
