package dev.gpsreplay.replayer.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * scripts/operator-token.sh on its first run: it makes a key pair and prints a token that the
 * MicroProfile JWT verifier (the one the services use) accepts with the new public key.
 */
class OperatorTokenScriptTest {

    @Test
    void makesAKeyPairOnceAndSignsAnOperatorTokenForTwelveHours() throws Exception {
        Path keys = Files.createTempDirectory("fresh-keys").resolve("keys");
        String first = AuthTest.runTokenScript(keys);
        assertThat(keys.resolve("privateKey.pem")).exists();
        assertThat(keys.resolve("publicKey.pem")).exists();
        byte[] privateKey = Files.readAllBytes(keys.resolve("privateKey.pem"));

        JsonWebToken token = parse(first, keys);
        assertThat(token.getIssuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(token.getGroups()).containsExactly("operator");
        Instant expiry = Instant.ofEpochSecond(token.getExpirationTime());
        assertThat(Duration.between(Instant.now(), expiry)).isBetween(Duration.ofHours(11), Duration.ofHours(12));

        String second = AuthTest.runTokenScript(keys);
        assertThat(Files.readAllBytes(keys.resolve("privateKey.pem")))
                .as("the pair is kept")
                .isEqualTo(privateKey);
        assertThat(parse(second, keys).getGroups()).containsExactly("operator");
    }

    private static JsonWebToken parse(String token, Path keys) throws Exception {
        PublicKey publicKey = KeyUtils.decodePublicKey(Files.readString(keys.resolve("publicKey.pem")));
        return new DefaultJWTParser(new JWTAuthContextInfo(publicKey, TestTokens.ISSUER)).parse(token);
    }
}
