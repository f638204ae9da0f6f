package dev.gpsreplay.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call what, beyond the {@code @RolesAllowed("operator")} on every endpoint that changes
 * what is replayed. The tokens themselves are MicroProfile JWT bearer tokens, verified with the
 * standard {@code mp.jwt.verify.publickey.location} and {@code mp.jwt.verify.issuer}.
 */
@ConfigMapping(prefix = "gpsreplay.auth")
public interface AuthConfig {

    /** The group (JWT {@code groups} claim) that may change replays. */
    String OPERATOR = "operator";
    /** The group that may read when {@link #protectReads()} is on (operators may too). */
    String READER = "reader";

    /**
     * {@code false} (the default): reads, the stream and the seed's endpoints are open to anyone who
     * reaches the port, bounded by the limits. {@code true}: every REST endpoint of the service needs
     * a bearer token with the group {@code reader} or {@code operator} (health, metrics and the API
     * document under /q stay open for probes and scrapers).
     */
    @WithDefault("false")
    boolean protectReads();
}
