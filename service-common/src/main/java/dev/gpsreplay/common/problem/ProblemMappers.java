package dev.gpsreplay.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gpsreplay.common.view.ViewUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into an RFC 9457 problem, so no client ever sees an HTML page or
 * an empty 500: bad input is a 400, unknown things a 404, Redis trouble a 503.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.getMessage(), e.errors(), uri);
    }

    @ServerExceptionMapper
    public Response unavailable(ViewUnavailableException e, UriInfo uri) {
        LOG.debugf("Redis unavailable on %s: %s", uri.getPath(), e.getMessage());
        return Response.fromResponse(respond(
                        Status.SERVICE_UNAVAILABLE,
                        "The vehicle view (Redis) is unavailable; try again shortly.",
                        List.of(),
                        uri))
                .header("Retry-After", "1")
                .build();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(
                Status.BAD_REQUEST, "The request body is not valid JSON: " + e.getOriginalMessage(), List.of(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Status status = Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Status.INTERNAL_SERVER_ERROR;
        }
        return respond(status, e.getMessage(), List.of(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(
                Status.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged.", List.of(), uri);
    }

    static Response respond(Status status, String detail, List<Problem.ProblemError> errors, UriInfo uri) {
        Problem body = Problem.of(status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
