package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resource's contract, driven the way Quarkus drives it: start, inject into the test
 * instance, stop. (Quarkus' own injector walks the declared fields the same way.)
 */
class RedisTestResourceTest {

    static class SomeTest {
        @InjectRedisServer
        RedisServer redis;

        RedisServer notAnnotated;
    }

    @Test
    void startsRedisAndPointsQuarkusAtIt() throws IOException {
        RedisTestResource resource = new RedisTestResource();
        Map<String, String> config = resource.start();
        try {
            SomeTest test = new SomeTest();
            resource.inject(fieldInjector(test));

            assertThat(test.redis).isNotNull();
            assertThat(test.notAnnotated).isNull();
            assertThat(config).containsExactly(Map.entry("quarkus.redis.hosts", test.redis.uri()));
            assertThat(Resp.command(test.redis.port(), "PING")).isEqualTo("PONG");

            resource.stop();

            assertThat(test.redis.isRunning()).isFalse();
        } finally {
            resource.stop(); // idempotent
        }
    }

    private static TestInjector fieldInjector(Object testInstance) {
        return (value, predicate) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
