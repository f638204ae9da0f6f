package dev.gpsreplay.system;

import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The event-driven variant: replayer → Kafka → query-api → Redis. */
class PubSubVariantIT extends ReplayedTracksContract {

    @Override
    Stack start(Path tracks, List<AutoCloseable> started) {
        RedisServer redis = RedisServer.start();
        started.add(redis);
        KafkaBroker kafka = KafkaBroker.start();
        started.add(kafka);
        kafka.createTopic("gps-fixes", 3);
        ServiceProcess queryApi = ServiceProcess.start("query-api", Map.of("QUARKUS_REDIS_HOSTS", redis.uri(),
                "QUERY_INGEST", "kafka", "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        started.add(queryApi);
        // no Redis for the replayer: in this variant it only talks to Kafka
        ServiceProcess replayer = ServiceProcess.start("replayer", Map.of("REPLAY_SINK", "kafka",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "REPLAY_SOURCE", tracks.toString(),
                "REPLAY_SPEED", "2000", "REPLAY_LOOP", "false"));
        started.add(replayer);
        return new Stack(queryApi, replayer);
    }
}
