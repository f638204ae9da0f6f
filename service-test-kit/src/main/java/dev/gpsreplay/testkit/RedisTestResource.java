package dev.gpsreplay.testkit;

import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that runs a real {@link RedisServer} for the application under test, points
 * {@code quarkus.redis.hosts} at it and sets every {@code RedisServer} field of the test to it, so a
 * test can {@linkplain RedisServer#stop() stop} or {@linkplain RedisServer#restart() restart} Redis.
 *
 * <p>The server is shared by every test class that runs with the same resource set, so a test that
 * stops Redis must restart it before it ends (in a {@code finally} block), and tests should not rely
 * on Redis being empty.
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
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(RedisServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
