package dev.gpsreplay.query.ingest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.VehicleViewWriter.Outcome;
import dev.gpsreplay.common.view.VehicleViewWriter.Result;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.IngestEchoes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code query.ingest=kafka}: consumes the fix events in batches and writes them into the Redis view.
 *
 * <p><b>Fast:</b> each poll's records (whatever is there, never waiting for a batch to fill) are
 * applied in one pipelined round trip, then the global keys in a second one.
 *
 * <p><b>Exactly-once effect from at-least-once delivery:</b> the batch's offsets are recorded in
 * Redis ({@link ViewOffsets}) and committed to Kafka only after the view write; a record seen again
 * is ignored by the view's idempotent apply. Batches are processed one at a time and in poll order,
 * so each partition's (each vehicle's) order is kept.
 *
 * <p><b>Trusts nothing:</b> a record that is not a valid fix event ({@link FixEventValidator}), or
 * that Redis refuses for good (a wrong key type, a script error), is nacked with the reason and so
 * sent to the dead-letter topic ({@code failure-strategy=dead-letter-queue}), counted as
 * {@code rejected}; the partition goes on. Only transient Redis trouble (no connection, a timeout)
 * is retried, with back-off, for as long as it lasts: consumption pauses meanwhile, nothing is skipped.
 *
 * <p><b>Rebuilds the view:</b> when the offset commit finds that Redis lost the view (its epoch
 * token is gone or another), the batch's partial writes are deleted and the partitions are sought
 * back to what Redis holds, the beginning when it holds nothing ({@link ViewRebuild}).
 */
@ApplicationScoped
public class FixIngest {

    /** The channel, in application.properties. */
    public static final String CHANNEL = "gps-fixes-in";

    private static final Logger LOG = Logger.getLogger(FixIngest.class);

    /**
     * A record of this build's schema up to this size is stored and published as it came; a larger
     * one (unknown fields, which decoding ignores) is re-encoded, so Redis holds no more than the
     * event. The replayer's events are about 550 characters.
     */
    private static final int MAX_VERBATIM_JSON = 2048;

    private final IngestWrites writes;
    private final FixEventValidator validator;
    private final JsonCodec codec;
    private final IngestEchoes echoes;
    private final ViewOffsets offsets;
    private final ViewRebuild rebuild;
    private final IngestPositions positions;
    private final QueryConfig config;
    private final Vertx vertx;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Counter rejected;
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timerId = -1;

    public FixIngest(
            IngestWrites writes,
            FixEventValidator validator,
            JsonCodec codec,
            IngestEchoes echoes,
            ViewOffsets offsets,
            ViewRebuild rebuild,
            IngestPositions positions,
            QueryConfig config,
            Vertx vertx,
            MeterRegistry registry) {
        this.writes = writes;
        this.validator = validator;
        this.codec = codec;
        this.echoes = echoes;
        this.offsets = offsets;
        this.rebuild = rebuild;
        this.positions = positions;
        this.config = config;
        this.vertx = vertx;
        outcomes.put(Outcome.APPLIED, counter(registry, "applied"));
        outcomes.put(Outcome.DUPLICATE, counter(registry, "duplicate"));
        outcomes.put(Outcome.OLDER_RUN, counter(registry, "older_run"));
        this.rejected = counter(registry, "rejected");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("gps.ingest.events")
                .tag("result", result)
                .description("Fix events consumed from Kafka, by outcome (rejected: sent to the dead-letter topic)")
                .register(registry);
    }

    /** Also notices a Redis emptied while no record comes (nothing would be written to find out). */
    void onStart(@Observes StartupEvent event) {
        if (config.ingest() == QueryConfig.Ingest.KAFKA) {
            timerId = vertx.setPeriodic(config.viewCheckInterval().toMillis(), id -> checkEpoch());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void checkEpoch() {
        if (offsets.epoch() == null || !checking.compareAndSet(false, true)) {
            return;
        }
        offsets.isCurrent()
                .chain(current -> current ? Uni.createFrom().voidItem() : rebuild.rebuild(CHANNEL))
                .onTermination()
                .invoke(() -> checking.set(false))
                .subscribe()
                .with(ignored -> {}, failure -> LOG.debugf("Epoch check failed: %s", failure.getMessage()));
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        if (rebuild.seekDue()) {
            // positions unknown (Redis was away at assignment): seek first; these records come again
            return rebuild.rebuild(CHANNEL).chain(() -> Uni.createFrom().completionStage(batch.ack()));
        }
        String epoch = offsets.epoch();
        List<FixEvent> events = new ArrayList<>();
        List<KafkaRecord<String, String>> eventRecords = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        Map<TopicPartition, Long> handled = new HashMap<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            TopicPartition partition = new TopicPartition(record.getTopic(), record.getPartition());
            long offset = offset(record);
            if (positions.isLeftover(partition, offset)) {
                continue;
            }
            handled.merge(partition, offset, Math::max);
            try {
                events.add(validator.validate(record.getKey(), record.getPayload()));
                eventRecords.add(record);
            } catch (InvalidFixEventException e) {
                deadLetters.add(deadLetter(record, e));
            }
        }
        return write(events, eventRecords)
                .invoke(results -> {
                    for (int i = 0; i < results.size(); i++) {
                        Result result = results.get(i);
                        if (result.failure() == null) {
                            outcomes.get(result.outcome()).increment();
                        } else {
                            deadLetters.add(deadLetter(
                                    eventRecords.get(i),
                                    new IllegalStateException(
                                            "Redis refused the event: "
                                                    + result.failure().getMessage(),
                                            result.failure())));
                        }
                    }
                })
                .chain(results -> Uni.join()
                        .all(deadLetters)
                        .andCollectFailures()
                        .onFailure()
                        .recoverWithNull()
                        .replaceWith(results))
                .chain(results -> recordOffsets(epoch, handled, events))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** The view write, retried while Redis is unavailable (transient), never for a permanent error. */
    private Uni<List<Result>> write(List<FixEvent> events, List<KafkaRecord<String, String>> records) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // the JSON as it came when it is already this build's own (no re-encoding), and each
        // expected back as a live notification that then needs no decoding
        List<String> json = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            FixEvent event = events.get(i);
            String payload = records.get(i).getPayload();
            String sent = event.schemaVersion() == FixEvent.SCHEMA_VERSION && payload.length() <= MAX_VERBATIM_JSON
                    ? payload
                    : codec.encode(event);
            json.add(sent);
            echoes.expect(sent, event);
        }
        // each write span is a child of its record's consume span (from the record's headers)
        List<Context> parents = records.stream()
                .map(record -> TracingMetadata.fromMessage(record)
                        .map(TracingMetadata::getCurrentContext)
                        .orElse(Context.current()))
                .toList();
        return writes.applyAll(events, json, parents)
                // a permanent failure of the batch as a whole (the global keys): every event to the DLQ
                .onFailure()
                .recoverWithItem(
                        e -> events.stream().map(ev -> new Result(ev, null, e)).toList())
                .invoke(results -> {
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i).outcome() != Outcome.APPLIED) { // a failure has no outcome
                            echoes.forget(json.get(i));
                        }
                    }
                });
    }

    /** Records the batch's offsets in Redis; if Redis lost the view meanwhile, rebuilds it instead. */
    private Uni<Void> recordOffsets(String epoch, Map<TopicPartition, Long> handled, List<FixEvent> events) {
        if (handled.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writes.commit(epoch, handled)
                .chain(recorded -> recorded
                        ? Uni.createFrom().voidItem()
                        : offsets.forget(events.stream()
                                        .map(FixEvent::vehicleId)
                                        .distinct()
                                        .toList())
                                .chain(() -> rebuild.rebuild(CHANNEL)));
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow()
                .getOffset();
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason) {
        rejected.increment();
        LOG.errorf(
                "Record %s-%d@%d sent to the dead-letter topic: %s",
                record.getTopic(), record.getPartition(), offset(record), reason.getMessage());
        return Uni.createFrom().completionStage(record.nack(reason));
    }
}
