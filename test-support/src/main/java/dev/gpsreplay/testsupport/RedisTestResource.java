package dev.gpsreplay.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that runs a real {@link RedisServer} for the application under test and
 * points {@code quarkus.redis.hosts} at it.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(RedisTestResource.class)
 * class VehicleResourceTest {
 *     @InjectRedisServer
 *     RedisServer redis;
 *
 *     @Test
 *     void survivesRedisRestart() {
 *         redis.restart(); // same port, empty
 *     }
 * }
 * }</pre>
 *
 * <p>The server is shared by every test class that runs with the same resource set, so a test that
 * {@linkplain RedisServer#stop() stops} Redis must {@linkplain RedisServer#restart() restart} it
 * before it ends (e.g. in a {@code finally} block), and tests should not rely on Redis being empty.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("quarkus.redis.hosts", server.uri());
    }

    /** The server started by {@link #start()}, for a subclass that prepares its data. */
    protected RedisServer server() {
        return server;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
