package dev.gpsreplay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.system.OtlpReceiver.ReceivedSpan;
import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One fix followed through the event-driven stack in one trace, as an operator sees it in Jaeger:
 * the replayer's span for the fix, its Kafka publish, query-api's Kafka consume and the Redis write
 * of the view, each the child of the one before. Both services export OTLP to an in-test receiver.
 */
class TraceChainIT {

    @Test
    void oneTraceHoldsReplayPublishConsumeAndRedisWrite() throws Exception {
        Path tracks = Files.createTempDirectory("gps-replay-traced");
        Files.writeString(tracks.resolve("traced-van.csv"), """
                timestamp,latitude,longitude,speed_meters_per_second
                1577218887.999,-27.7,-51.1,1.0
                1577218888.999,-27.7001,-51.1,2.0
                1577218889.999,-27.7002,-51.1,3.0
                """);
        List<AutoCloseable> started = new ArrayList<>();
        try (OtlpReceiver otlp = new OtlpReceiver()) {
            RedisServer redis = RedisServer.start();
            started.add(redis);
            KafkaBroker kafka = KafkaBroker.start();
            started.add(kafka);
            kafka.createTopic("gps-fixes", 1);
            Map<String, String> tracing = Map.of(
                    "QUARKUS_OTEL_SDK_DISABLED",
                    "false",
                    "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL",
                    "http/protobuf",
                    "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
                    otlp.endpoint(),
                    "QUARKUS_OTEL_BSP_SCHEDULE_DELAY",
                    "200ms");
            started.add(ServiceProcess.start(
                    "query-api",
                    with(
                            tracing,
                            "QUARKUS_REDIS_HOSTS",
                            redis.uri(),
                            "QUERY_INGEST",
                            "kafka",
                            "KAFKA_BOOTSTRAP_SERVERS",
                            kafka.bootstrapServers())));
            started.add(ServiceProcess.start(
                    "replayer",
                    with(
                            tracing,
                            "REPLAY_SINK",
                            "kafka",
                            "KAFKA_BOOTSTRAP_SERVERS",
                            kafka.bootstrapServers(),
                            "REPLAY_SOURCE",
                            tracks.toString(),
                            "REPLAY_SPEED",
                            "10",
                            "QUARKUS_REDIS_HOSTS",
                            redis.uri())));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(chains(otlp.spans())).hasSize(3));
            for (List<ReceivedSpan> chain : chains(otlp.spans())) {
                assertThat(chain)
                        .extracting(ReceivedSpan::service)
                        .containsExactly("replayer", "replayer", "query-api", "query-api");
                assertThat(chain)
                        .extracting(ReceivedSpan::traceId)
                        .containsOnly(chain.get(0).traceId());
                assertThat(chain.get(0).attribute("vehicle.id")).isEqualTo("traced-van");
            }
        } finally {
            Collections.reverse(started);
            for (AutoCloseable part : started) {
                part.close();
            }
        }
    }

    /**
     * Every complete chain: a "replay fix" span of traced-van, the PRODUCER span whose parent it is,
     * the CONSUMER span whose parent that is, and the "redis apply-fix" span whose parent that is.
     */
    private static List<List<ReceivedSpan>> chains(List<ReceivedSpan> spans) {
        Map<String, List<ReceivedSpan>> byParent = new HashMap<>();
        spans.forEach(s -> byParent.computeIfAbsent(s.parentSpanId(), id -> new ArrayList<>())
                .add(s));
        List<List<ReceivedSpan>> chains = new ArrayList<>();
        for (ReceivedSpan replay : spans) {
            if (!replay.name().equals("replay fix") || !"traced-van".equals(replay.attribute("vehicle.id"))) {
                continue;
            }
            Optional<ReceivedSpan> publish = child(byParent, replay, s -> s.kind() == SpanKind.SPAN_KIND_PRODUCER);
            Optional<ReceivedSpan> consume =
                    publish.flatMap(p -> child(byParent, p, s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER));
            Optional<ReceivedSpan> write =
                    consume.flatMap(c -> child(byParent, c, s -> s.name().equals("redis apply-fix")));
            if (write.isPresent()) {
                chains.add(List.of(replay, publish.get(), consume.get(), write.get()));
            }
        }
        return chains;
    }

    private static Optional<ReceivedSpan> child(
            Map<String, List<ReceivedSpan>> byParent, ReceivedSpan parent, Predicate<ReceivedSpan> matches) {
        return byParent.getOrDefault(parent.spanId(), List.of()).stream()
                .filter(s -> s.traceId().equals(parent.traceId()))
                .filter(matches)
                .findFirst();
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
