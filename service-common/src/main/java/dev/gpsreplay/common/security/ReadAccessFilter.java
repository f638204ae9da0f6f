package dev.gpsreplay.common.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Closes the reads when {@code gpsreplay.auth.protect-reads=true}: every REST request then needs a
 * token with the group {@code reader} or {@code operator}. Off (the default), it lets everything
 * through and leaves the changing endpoints to their {@code @RolesAllowed}.
 */
public class ReadAccessFilter {

    private final AuthConfig config;
    private final CurrentIdentityAssociation identity;

    public ReadAccessFilter(AuthConfig config, CurrentIdentityAssociation identity) {
        this.config = config;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> requireReader() {
        if (!config.protectReads()) {
            return Uni.createFrom().voidItem();
        }
        // Authentication is lazy (quarkus.http.auth.proactive=false): this asks for it, without blocking.
        return identity.getDeferredIdentity().invoke(ReadAccessFilter::check).replaceWithVoid();
    }

    private static void check(SecurityIdentity caller) {
        if (caller.isAnonymous()) {
            throw new UnauthorizedException("a bearer token is required (gpsreplay.auth.protect-reads is on)");
        }
        if (!caller.hasRole(AuthConfig.READER) && !caller.hasRole(AuthConfig.OPERATOR)) {
            throw new ForbiddenException("the token's groups include neither reader nor operator");
        }
    }
}
