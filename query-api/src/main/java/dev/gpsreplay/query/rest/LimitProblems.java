package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.query.service.LimitExceededException;
import dev.gpsreplay.query.service.ShuttingDownException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A limit reached (429) or this instance stopping (503): problems that say when to try again. */
public class LimitProblems {

    /** Seconds a client should wait before retrying on a stopping instance (a restart, or another pod). */
    private static final long SHUTDOWN_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response limitExceeded(LimitExceededException e, UriInfo uri) {
        return problem(Status.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfterSeconds(), uri);
    }

    @ServerExceptionMapper
    public Response shuttingDown(ShuttingDownException e, UriInfo uri) {
        return problem(Status.SERVICE_UNAVAILABLE, e.getMessage(), SHUTDOWN_RETRY_AFTER_SECONDS, uri);
    }

    private static Response problem(Status status, String detail, long retryAfterSeconds, UriInfo uri) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", Long.toString(retryAfterSeconds))
                .entity(new Problem(
                        "about:blank",
                        status.getReasonPhrase(),
                        status.getStatusCode(),
                        detail,
                        uri.getPath(),
                        List.of()))
                .build();
    }
}
