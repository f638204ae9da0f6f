package dev.gpsreplay.replayer.security;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with the test key (smallrye.jwt.sign.key.location in the test
 * profile) and verified by the service under test with its public key: real JWT verification.
 */
public final class TestTokens {

    /** The issuer the services expect by default (mp.jwt.verify.issuer). */
    public static final String ISSUER = "gps-replay";

    private TestTokens() {}

    /** A token with the group operator: may change replays. */
    public static String operator() {
        return withGroups("operator");
    }

    /** A token whose groups are exactly these. */
    public static String withGroups(String... groups) {
        return Jwt.issuer(ISSUER)
                .upn("test-user")
                .groups(Set.of(groups))
                .expiresIn(3600)
                .sign();
    }
}
