package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fix events for the view's tests: written into the real Redis view through the same writer the
 * replayer uses, or published to the real broker as the replayer publishes them; and the history
 * that query-api then serves.
 */
public final class ViewFixtures {

    public static final Instant T0 = Instant.parse("2019-12-24T20:21:27.999Z");

    private final VehicleViewWriter writer;
    private final String vehicleId;
    private final String runId = UUID.randomUUID().toString();
    private long sequence;

    public ViewFixtures(VehicleViewWriter writer, String vehicleId) {
        this.writer = writer;
        this.vehicleId = vehicleId;
    }

    /** A fix {@code offsetSeconds} after {@link #T0}, moving north with the given speed. */
    public static GpsFix fix(double offsetSeconds, double speed) {
        Instant at = T0.plusMillis(Math.round(offsetSeconds * 1000));
        return new GpsFix(
                at, -27.7 + offsetSeconds * 1e-4, -51.1, 984.0, 4.0, 0.0, speed, 14, 0.8, 1.6, 1.8, 11.1, 1.0);
    }

    /** A new run of {@code count} events of a vehicle: sequences 1..count, fix i at i s with speed i. */
    public static List<FixEvent> run(String vehicleId, int count) {
        String runId = UUID.randomUUID().toString();
        List<FixEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(
                    new FixEvent(FixEvent.SCHEMA_VERSION, vehicleId, runId, i + 1, i, count, Instant.now(), fix(i, i)));
        }
        return events;
    }

    /** Publishes the events to {@code gps-fixes}, each keyed by its vehicle, acknowledged by the broker. */
    public static void publish(KafkaBroker broker, JsonCodec codec, List<FixEvent> events) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            events.forEach(
                    event -> producer.send(new ProducerRecord<>("gps-fixes", event.vehicleId(), codec.encode(event))));
        }
    }

    /** The speeds of a vehicle's history as {@code /vehicles/{id}/track} serves it, in time order; {@code count} of them. */
    public static List<Float> historySpeeds(String vehicleId, int count) {
        return given().queryParam("limit", 10_000)
                .get("/vehicles/" + vehicleId + "/track")
                .then()
                .statusCode(200)
                .body("count", equalTo(count))
                .extract()
                .jsonPath()
                .getList("fixes.speed_meters_per_second", Float.class);
    }

    /** Writes the next event of this vehicle's run and waits until Redis has it. */
    public FixEvent write(GpsFix fix) {
        FixEvent event = new FixEvent(
                FixEvent.SCHEMA_VERSION, vehicleId, runId, ++sequence, (int) sequence - 1, 1000, Instant.now(), fix);
        writer.apply(event).await().atMost(Duration.ofSeconds(5));
        return event;
    }

    public FixEvent write(double offsetSeconds, double speed) {
        return write(fix(offsetSeconds, speed));
    }

    public String runId() {
        return runId;
    }
}
