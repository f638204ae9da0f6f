package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import io.smallrye.mutiny.Uni;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * {@code replay.sink=kafka}: each fix is a record on the fixes topic, keyed by vehicle id (so one
 * vehicle's fixes share a partition and keep their order), with the event JSON as value and
 * {@code content-type} and {@code schema-version} headers.
 *
 * <p>Nothing is dropped and nothing is reordered: the producer is idempotent with
 * {@code acks=all}, and it retries in order for as long as Kafka is away (unbounded delivery
 * timeout and metadata wait, see application.properties). A send completes only when the broker
 * has acknowledged it, so during an outage the replay's in-flight window fills and the replay
 * waits; it goes on where it was when Kafka returns. Retrying here instead would reorder a
 * vehicle's fixes. Only errors the producer cannot retry (a record too large, say) fail a send:
 * the replay counts and logs it ({@code send_failures}).
 */
@ApplicationScoped
@Typed(KafkaSink.class) // injected only through SinkSelector, by replay.sink
public class KafkaSink implements FixSink {

    /** Fixes of one vehicle under way at once; the idempotent producer keeps them in order. */
    private static final int MAX_IN_FLIGHT = 512;
    private static final byte[] CONTENT_TYPE = "application/json".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCHEMA_VERSION =
            Integer.toString(FixEvent.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);

    private final MutinyEmitter<String> emitter;
    private final JsonCodec codec;

    // The replay bounds what is in flight (vehicles x MAX_IN_FLIGHT), so the emitter need not.
    public KafkaSink(@Channel("gps-fixes") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<String> emitter, JsonCodec codec) {
        this.emitter = emitter;
        this.codec = codec;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        return emitter.sendMessage(record(event.vehicleId(), codec.encode(event)));
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    private static Message<String> record(String vehicleId, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE);
        headers.add("schema-version", SCHEMA_VERSION);
        // the replay span is current here: make it the parent of the publish span, explicitly
        return Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(vehicleId).withHeaders(headers).build())
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
    }
}
