package dev.gpsreplay.replayer.rest;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.replayer.replay.InvalidReplayRequestException;
import dev.gpsreplay.replayer.replay.ReplayConflictException;
import dev.gpsreplay.replayer.replay.ReplayException;
import dev.gpsreplay.replayer.replay.ReplayLimitException;
import dev.gpsreplay.replayer.replay.ReplayNotFoundException;
import dev.gpsreplay.replayer.replay.WrongShardException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The engine's refusals as RFC 9457 problems: unknown replay 404, state conflict 409, bad value 400,
 * a limit 429 (with {@code Retry-After}), a vehicle of another shard 421 (Misdirected Request).
 */
public class ReplayProblemMappers {

    /** Seconds a client waits before asking again after a limit: replays finish or are deleted meanwhile. */
    static final String RETRY_AFTER_SECONDS = "10";

    @ServerExceptionMapper
    public Response refused(ReplayException e, UriInfo uri) {
        int status = statusOf(e);
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        "about:blank",
                        titleOf(status),
                        status,
                        e.getMessage(),
                        uri == null ? null : uri.getPath(),
                        List.of()));
        if (e instanceof ReplayLimitException) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    static int statusOf(ReplayException e) {
        if (e instanceof ReplayNotFoundException) {
            return 404;
        } else if (e instanceof ReplayConflictException) {
            return 409;
        } else if (e instanceof ReplayLimitException) {
            return 429;
        } else if (e instanceof WrongShardException) {
            return 421;
        } else if (e instanceof InvalidReplayRequestException) {
            return 400;
        }
        return 400;
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 421 -> "Misdirected Request";
            case 429 -> "Too Many Requests";
            default -> "Bad Request";
        };
    }
}
