package dev.gpsreplay.system;

import dev.gpsreplay.testsupport.RedisServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The REST variant: replayer → Redis → query-api. */
class RestVariantIT extends ReplayedTracksContract {

    @Override
    Stack start(Path tracks, List<AutoCloseable> started) {
        RedisServer redis = RedisServer.start();
        started.add(redis);
        ServiceProcess queryApi =
                ServiceProcess.start("query-api", Map.of("QUARKUS_REDIS_HOSTS", redis.uri(), "QUERY_INGEST", "none"));
        started.add(queryApi);
        ServiceProcess replayer = ServiceProcess.start(
                "replayer",
                Map.of(
                        "QUARKUS_REDIS_HOSTS",
                        redis.uri(),
                        "REPLAY_SINK",
                        "redis",
                        "REPLAY_SOURCE",
                        tracks.toString(),
                        "REPLAY_SPEED",
                        "2000",
                        "REPLAY_LOOP",
                        "false"));
        started.add(replayer);
        return new Stack(queryApi, replayer);
    }
}
