package dev.gpsreplay.common.security;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.common.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Authentication and authorization failures as RFC 9457 problems, in place of Quarkus's empty
 * 401/403: no token or a bad one is a 401 with {@code WWW-Authenticate: Bearer}; a good token
 * without the needed group is a 403. (Authentication is lazy, {@code quarkus.http.auth.proactive=false},
 * so that these failures reach the REST layer and these mappers.)
 */
public class SecurityProblemMappers {

    private static final Logger LOG = Logger.getLogger(SecurityProblemMappers.class);
    private static final String CHALLENGE = "Bearer";
    private static volatile boolean keyWarned;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return problem(
                Status.UNAUTHORIZED,
                "A bearer token (JWT) is required for " + uri.getPath() + "; see scripts/operator-token.sh.",
                uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        // why (expired, wrong issuer or signature, no key configured) is for the log, not for the caller
        LOG.debugf("Rejected a token on %s: %s", uri.getPath(), e.getMessage());
        return problem(
                Status.UNAUTHORIZED,
                "The bearer token is not valid here (expired, another issuer or key, " + "or no key is configured).",
                uri);
    }

    /**
     * The public key configured at {@code mp.jwt.verify.publickey.location} cannot be read (e.g. the
     * optional Secret of deploy/ is not there yet): no token can be verified, which is a 401 as with
     * no key at all, not a 500. Tried again on each request, so the key works once it appears.
     */
    @ServerExceptionMapper
    public Response keyUnreadable(DeploymentException e, UriInfo uri) {
        if (!String.valueOf(e.getMessage()).contains("mp.jwt.verify.publickey")) {
            return new ProblemMappers().unexpected(e, uri);
        }
        if (!keyWarned) {
            keyWarned = true;
            LOG.warnf(
                    "Tokens cannot be verified, so every one is refused (401): %s (%s)",
                    e.getMessage(), e.getCause() == null ? "" : e.getCause().getMessage());
        }
        return problem(
                Status.UNAUTHORIZED,
                "The bearer token cannot be verified: this service has no readable "
                        + "public key (mp.jwt.verify.publickey.location).",
                uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(Status.FORBIDDEN, "The token's groups do not allow " + uri.getPath() + ".", uri);
    }

    private static Response problem(Status status, String detail, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, detail, uri.getPath(), List.of()));
        if (status == Status.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return response.build();
    }
}
