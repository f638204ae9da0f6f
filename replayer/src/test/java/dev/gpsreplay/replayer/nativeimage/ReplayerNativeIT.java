package dev.gpsreplay.replayer.nativeimage;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ReplayerSmokeTest} against the packaged application: the native executable when built
 * with {@code ./mvnw verify -Pnative -pl replayer -am} (the parent pom's {@code native} profile binds
 * failsafe to these classes only; the normal build never runs them). Needs GraalVM or Mandrel:
 * the native.yml workflow runs it.
 */
@QuarkusIntegrationTest
@WithTestResource(RedisTestResource.class)
class ReplayerNativeIT extends ReplayerSmokeTest {}
