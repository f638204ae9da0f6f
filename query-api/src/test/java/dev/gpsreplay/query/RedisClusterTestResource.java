package dev.gpsreplay.query;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that runs a real {@link RedisCluster} and points the application's Redis
 * client at it in cluster mode ({@code quarkus.redis.client-type=cluster}). Test fields of type
 * {@code RedisCluster} receive it.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

    private RedisCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = RedisCluster.start();
        return Map.of("quarkus.redis.hosts", cluster.hosts(), "quarkus.redis.client-type", "cluster");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(cluster, new TestInjector.MatchesType(RedisCluster.class));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
