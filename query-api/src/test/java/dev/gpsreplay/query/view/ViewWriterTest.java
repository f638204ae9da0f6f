package dev.gpsreplay.query.view;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.common.view.VehicleViewWriter.Outcome;
import dev.gpsreplay.common.view.VehicleViewWriter.Result;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.query.RawRedis;
import dev.gpsreplay.query.ViewFixtures;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.opentelemetry.context.Context;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The view's write path against a real Redis: key layout, seed channel, run order, permanent errors. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ViewWriterTest {

    RedisServer redis;

    @Inject
    VehicleViewWriter writer;

    @Inject
    VehicleViewReader reader;

    @Test
    void aVehiclesKeysShareOneHashTagSoItsApplyRunsInOneSlot() throws Exception {
        new ViewFixtures(writer, "tagged-bus").write(0, 3.0);
        try (RawRedis raw = new RawRedis(redis.port())) {
            assertThat(raw.call("EXISTS", "gps:vehicle:{tagged-bus}:state", "gps:vehicle:{tagged-bus}:track"))
                    .isEqualTo(2L);
            // the rest of the view is written beside it, never inside a vehicle's script
            assertThat(raw.call("ZSCORE", ViewKeys.VEHICLES, "tagged-bus")).isNotNull();
        }
    }

    @Test
    void everyWriteOfTheSeedKeyIsPublishedOnGpsStateTopicInTheSeedsJson() throws Exception {
        try (RawRedis subscriber = new RawRedis(redis.port())) {
            assertThat(subscriber.call("SUBSCRIBE", ViewKeys.SEED_CHANNEL))
                    .asList()
                    .contains("subscribe");
            FixEvent written = new ViewFixtures(writer, "topic-bus").write(ViewFixtures.fix(42, 7.5));

            @SuppressWarnings("unchecked")
            List<Object> message = (List<Object>) subscriber.read();
            assertThat(message.get(0)).isEqualTo("message");
            assertThat(message.get(1)).isEqualTo("gps_state_topic");
            JsonNode fix = new ObjectMapper().readTree((String) message.get(2));
            assertThat(fix.get("timestamp").decimalValue())
                    .isEqualByComparingTo(
                            BigDecimal.valueOf(written.fix().timestamp().toEpochMilli(), 3));
            assertThat(fix.get("latitude").asDouble()).isEqualTo(written.fix().latitude());
            assertThat(fix.get("longitude").asDouble()).isEqualTo(-51.1);
            assertThat(fix.get("speed_meters_per_second").asDouble()).isEqualTo(7.5);
            assertThat(fix.get("distance_meters").asDouble()).isEqualTo(11.1);
            assertThat(fix.get("elapsed_time_seconds").asDouble()).isEqualTo(1.0);
            // exactly the seed's fields, as in gps_state
            assertThat(fix.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "timestamp",
                            "latitude",
                            "longitude",
                            "elevation",
                            "accuracy",
                            "bearing",
                            "speed_meters_per_second",
                            "satellites",
                            "hdop",
                            "vdop",
                            "pdop",
                            "distance_meters",
                            "elapsed_time_seconds");
            try (RawRedis reader = new RawRedis(redis.port())) {
                assertThat(reader.call("GET", ViewKeys.SEED_STATE)).isEqualTo(message.get(2));
            }
        }
    }

    @Test
    void historyHoldsTheOneFixModelAndStillReadsTheSeedShapedMembersOfSchemaVersion1() throws Exception {
        FixEvent written = new ViewFixtures(writer, "model-bus").write(ViewFixtures.fix(3, 6.5));
        // what the previous release wrote into a history: the seed's names, epoch seconds
        String legacyMember = """
                {"timestamp":1577218880.250,"latitude":-27.7,"longitude":-51.1,"elevation":980.5,\
                "accuracy":3.0,"bearing":90.0,"speed_meters_per_second":4.5,"satellites":9,"hdop":0.9,\
                "vdop":1.5,"pdop":1.7,"distance_meters":4.4,"elapsed_time_seconds":1.0}""";
        try (RawRedis raw = new RawRedis(redis.port())) {
            @SuppressWarnings("unchecked")
            List<Object> members = (List<Object>) raw.call("ZRANGE", ViewKeys.track("model-bus"), "0", "-1");
            JsonNode member = new ObjectMapper().readTree((String) members.get(0));
            assertThat(member.get("time").asText())
                    .isEqualTo(written.fix().timestamp().toString());
            assertThat(member.get("speed_meters_per_second").asDouble()).isEqualTo(6.5);
            assertThat(member.has("timestamp")).isFalse();
            raw.call("ZADD", ViewKeys.track("model-bus"), "1577218880250", legacyMember);
        }
        List<GpsFix> history =
                reader.track("model-bus", 0, Long.MAX_VALUE, 10).await().atMost(Duration.ofSeconds(5));
        assertThat(history).hasSize(2);
        assertThat(history.get(0))
                .isEqualTo(new GpsFix(
                        Instant.parse("2019-12-24T20:21:20.250Z"),
                        -27.7,
                        -51.1,
                        980.5,
                        3.0,
                        90.0,
                        4.5,
                        9,
                        0.9,
                        1.5,
                        1.7,
                        4.4,
                        1.0));
        assertThat(history.get(1)).isEqualTo(written.fix());
    }

    @Test
    void anOlderRunNeverOverwritesANewerOne() {
        Instant now = Instant.now();
        FixEvent newer = event("runs-bus", UUID.randomUUID().toString(), 1, now, 9.0);
        FixEvent older = event("runs-bus", UUID.randomUUID().toString(), 5, now.minusSeconds(60), 1.0);
        assertThat(writer.apply(newer).await().atMost(Duration.ofSeconds(5))).isTrue();
        assertThat(writer.applyAll(List.of(older), List.of(Context.root()))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .extracting(Result::outcome)
                .containsExactly(Outcome.OLDER_RUN);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/vehicles/runs-bus/state")
                        .then()
                        .statusCode(200)
                        .body("fix.speed_meters_per_second", equalTo(9.0f)));
        given().get("/vehicles/runs-bus/track").then().body("count", equalTo(1));
        // a later run does replace it
        FixEvent later = event("runs-bus", UUID.randomUUID().toString(), 1, now.plusSeconds(1), 4.0);
        assertThat(writer.apply(later).await().atMost(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aPermanentRedisErrorFailsThatEventOnlyAndIsNotRetried() throws Exception {
        try (RawRedis raw = new RawRedis(redis.port())) {
            raw.call("SET", ViewKeys.state("wrongtype-bus"), "not a hash");
        }
        FixEvent bad = event("wrongtype-bus", "r1", 1, Instant.now(), 1.0);
        FixEvent good = event("fine-bus", "r2", 1, Instant.now(), 2.0);
        List<Result> results = writer.applyAll(List.of(bad, good), List.of(Context.root(), Context.root()))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(results.get(0).failure()).hasMessageContaining("WRONGTYPE");
        assertThat(results.get(1).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aHistoryKeyOfTheWrongTypeRefusesTheEventAndNothingOfItIsWritten() throws Exception {
        try (RawRedis raw = new RawRedis(redis.port())) {
            raw.call("SET", ViewKeys.track("wrongtrack-bus"), "not a sorted set");
        }
        FixEvent bad = event("wrongtrack-bus", "r1", 1, Instant.now(), 1.0);
        List<Result> results =
                writer.applyAll(List.of(bad), List.of(Context.root())).await().atMost(Duration.ofSeconds(10));
        assertThat(results.get(0).failure()).hasMessageContaining("WRONGTYPE").hasMessageContaining("is a string");
        try (RawRedis raw = new RawRedis(redis.port())) {
            // the read found nothing held, the history refused the fix: the state was never written
            assertThat(raw.call("EXISTS", ViewKeys.state("wrongtrack-bus"))).isEqualTo(0L);
            assertThat(raw.call("GET", ViewKeys.track("wrongtrack-bus"))).isEqualTo("not a sorted set");
        }
    }

    @Test
    void manyVehiclesEventsInOneBatchAreAppliedInOrderAcrossScriptCalls() throws Exception {
        // 3 vehicles x 30 events, interleaved: several script calls of up to 32 events each
        Instant start = Instant.now();
        List<FixEvent> events = new ArrayList<>();
        for (int sequence = 1; sequence <= 30; sequence++) {
            for (String vehicle : List.of("batch-a", "batch-b", "batch-c")) {
                events.add(event(vehicle, "run-" + vehicle, sequence, start.plusSeconds(sequence), sequence));
            }
        }
        events.add(events.get(40)); // a redelivery, in the same batch as the event itself
        try (RawRedis raw = new RawRedis(redis.port())) {
            raw.call("SET", ViewKeys.track("batch-bad"), "not a sorted set");
        }
        events.add(50, event("batch-bad", "run-bad", 1, start, 1.0)); // a refused event mid-call
        List<Result> results = writer.applyAll(
                        events, events.stream().map(e -> Context.root()).toList())
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(results).hasSize(events.size());
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).event()).isSameAs(events.get(i));
        }
        assertThat(results.get(50).failure()).hasMessageContaining("WRONGTYPE");
        assertThat(results.get(results.size() - 1).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(results.subList(0, 50)).extracting(Result::outcome).containsOnly(Outcome.APPLIED);
        assertThat(results.subList(51, results.size() - 1))
                .extracting(Result::outcome)
                .containsOnly(Outcome.APPLIED);
        try (RawRedis raw = new RawRedis(redis.port())) {
            for (String vehicle : List.of("batch-a", "batch-b", "batch-c")) {
                assertThat(raw.call("ZCARD", ViewKeys.track(vehicle))).isEqualTo(30L);
                assertThat(raw.call("HGET", ViewKeys.state(vehicle), "sequence"))
                        .isEqualTo("30");
            }
            assertThat(raw.call("EXISTS", ViewKeys.state("batch-bad"))).isEqualTo(0L);
        }
    }

    private static FixEvent event(String vehicleId, String runId, long sequence, Instant emittedAt, double speed) {
        return new FixEvent(
                FixEvent.SCHEMA_VERSION,
                vehicleId,
                runId,
                sequence,
                0,
                10,
                emittedAt,
                ViewFixtures.fix(sequence, speed));
    }
}
