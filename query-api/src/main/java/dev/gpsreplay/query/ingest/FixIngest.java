package dev.gpsreplay.query.ingest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.VehicleViewWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code query.ingest=kafka}: consumes the fix events and writes them into the Redis view.
 *
 * <p>Exactly-once effect from at-least-once delivery: the offset of a record is committed only
 * after its Uni completes, that is after the view write; a record seen again after a crash or
 * rebalance is ignored by the view's idempotent apply (same run, sequence not newer). Records are
 * processed one at a time, so each partition's (each vehicle's) order is kept. While Redis is away
 * the write is retried with back-off and consumption pauses; nothing is skipped. A record that is
 * not a fix event is logged and skipped, so one bad record cannot stop the stream.
 */
@ApplicationScoped
public class FixIngest {

    private static final Logger LOG = Logger.getLogger(FixIngest.class);

    private final VehicleViewWriter writer;
    private final JsonCodec codec;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter rejected;
    private final AtomicBoolean failing = new AtomicBoolean();

    public FixIngest(VehicleViewWriter writer, JsonCodec codec, MeterRegistry registry) {
        this.writer = writer;
        this.codec = codec;
        this.applied = Counter.builder("gps.ingest.events").tag("result", "applied")
                .description("Fix events consumed from Kafka, by outcome").register(registry);
        this.duplicates = Counter.builder("gps.ingest.events").tag("result", "duplicate")
                .description("Fix events consumed from Kafka, by outcome").register(registry);
        this.rejected = Counter.builder("gps.ingest.events").tag("result", "rejected")
                .description("Fix events consumed from Kafka, by outcome").register(registry);
    }

    @Incoming("gps-fixes-in")
    public Uni<Void> consume(Message<String> message) {
        // the Kafka consume span (a child of the replayer's publish span, from the record headers)
        // is the parent of the view write
        Context consumed = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        try (Scope ignored = consumed.makeCurrent()) {
            return apply(message.getPayload())
                    .onItem().transformToUni(done -> Uni.createFrom().completionStage(message.ack()));
        }
    }

    private Uni<Void> apply(String json) {
        FixEvent event;
        try {
            event = codec.decodeEvent(json);
            if (event.vehicleId() == null || event.runId() == null || event.fix() == null
                    || event.fix().timestamp() == null) {
                throw new IllegalArgumentException("vehicle_id, run_id and fix.timestamp are required");
            }
        } catch (RuntimeException e) {
            rejected.increment();
            LOG.errorf("Skipping a record that is not a fix event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return writer.apply(event)
                .onFailure().invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("Redis write failed, consumption pauses and retries: %s", e.getMessage());
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).indefinitely()
                .invoke(changed -> {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Redis writes succeed again, consumption goes on");
                    }
                    (changed ? applied : duplicates).increment();
                })
                .replaceWithVoid();
    }
}
