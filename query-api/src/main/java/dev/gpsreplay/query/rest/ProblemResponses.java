package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.query.service.WindowNotClosedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** query-api's own problems, beside the shared ones of {@code ProblemMappers}. */
public class ProblemResponses {

    /** A window that never closed is the replay's state, not a fault of ours: 503 with the reason. */
    @ServerExceptionMapper
    public Response windowNotClosed(WindowNotClosedException e, UriInfo uri) {
        Response.Status status = Response.Status.SERVICE_UNAVAILABLE;
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        "about:blank",
                        status.getReasonPhrase(),
                        status.getStatusCode(),
                        e.getMessage(),
                        uri.getPath(),
                        List.of()))
                .build();
    }
}
