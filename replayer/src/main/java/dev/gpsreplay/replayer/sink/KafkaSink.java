package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * {@code replay.sink=kafka}: each fix is a record on the fixes topic, keyed by vehicle id (so one
 * vehicle's fixes share a partition and keep their order), with the event JSON as value and
 * {@code content-type}, {@code schema-version} and W3C {@code traceparent} headers.
 *
 * <p>The sink owns its producer (idempotent, {@code acks=all}): one sender thread hands records to
 * it in the order the replays emitted them, and encodes their JSON there, once, off the replay
 * thread. A send completes when the broker has acknowledged it. While Kafka is away the producer
 * retries in order, the replays' in-flight windows fill and they wait.
 *
 * <p>Crash recovery: the delivery timeout is bounded ({@code gps.fixes.producer.delivery.timeout.ms}).
 * When a send fails for good (a timeout, an out-of-order sequence after a broker lost its tail, an
 * unknown or fenced producer id, a closed producer), that producer is closed at once and a new one
 * takes over; the failed replay sends its unacknowledged fixes again, oldest first, with the same
 * run id and sequence numbers ({@link #resendAfterFailure}): the view's idempotent apply drops what
 * had landed already. So a broker crash delays fixes, and never freezes a replay or loses a fix.
 */
@ApplicationScoped
@Typed(KafkaSink.class) // injected only through SinkSelector, by replay.sink
public class KafkaSink implements FixSink {

    /** Producer settings: every {@code gps.fixes.producer.*} key, passed to the producer as is. */
    static final String PRODUCER_PREFIX = "gps.fixes.producer.";
    /** After the replays stop: the sink delivers what is under way, then closes. */
    static final int SHUTDOWN_PRIORITY = 20;

    private static final Logger LOG = Logger.getLogger(KafkaSink.class);
    /**
     * Fixes of one vehicle under way at once; the idempotent producer keeps them in order. 64 keeps a
     * top-speed replay fed and bounds what waits in memory: with 512, 100 vehicles at top speed held
     * 51,200 events and spent twice the GC pause time (JFR in bench/: 2.18 s against 0.95 s). Many
     * vehicles get less each: the replays share a total ({@code InFlightBudget}).
     */
    private static final int MAX_IN_FLIGHT = 64;

    private static final byte[] CONTENT_TYPE = "application/json".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCHEMA_VERSION =
            Integer.toString(FixEvent.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);
    private static final TextMapSetter<Headers> HEADER_SETTER =
            (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));

    private final JsonCodec codec;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final String topic;
    private final String bootstrapServers;
    private final Map<String, Object> producerSettings;
    private final Duration shutdownFlush;
    /** Hands records to the producer in emission order; also where the producer is swapped. */
    private final ThreadPoolExecutor sender =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "kafka-sink");
                thread.setDaemon(true);
                return thread;
            });
    /** Raised at each send failure: fixes published before it fail fast instead of waiting on Kafka in turn. */
    private final AtomicInteger epoch = new AtomicInteger();
    /** Vehicles whose next fixes fail until they send again (see {@link #resending}). */
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
    /** Read and replaced on the sender thread only. */
    private Producer<String, String> producer;
    /** The producer that failed for good: replaced before the next send. */
    private volatile Producer<String, String> retired;

    private final Set<String> sentThisEpoch = new HashSet<>();
    private KafkaClientMetrics producerMetrics;
    private volatile Admin admin;
    private volatile int producersCreated;

    public KafkaSink(JsonCodec codec, Tracing tracing, MeterRegistry meters, Config config) {
        this.codec = codec;
        this.openTelemetry = tracing.openTelemetry();
        this.tracer = openTelemetry.getTracer("dev.gpsreplay.replayer.kafka");
        this.meters = meters;
        this.topic = config.getValue("gps.fixes.topic", String.class);
        this.bootstrapServers = config.getValue("kafka.bootstrap.servers", String.class);
        this.shutdownFlush = config.getOptionalValue("gps.fixes.shutdown-flush", Duration.class)
                .orElse(Duration.ofSeconds(10));
        this.producerSettings = producerSettings(config);
        // started here, not by the first send, so it does not inherit a replay's log context (trace id)
        sender.prestartCoreThread();
    }

    private Map<String, Object> producerSettings(Config config) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PRODUCER_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> settings.put(name.substring(PRODUCER_PREFIX.length()), value));
            }
        }
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        int publishedIn = epoch.get();
        // on the replay thread, where the replay span is current: the publish span is its child
        Span span = tracer.spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.kafka.message.key", event.vehicleId())
                .startSpan();
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE);
        headers.add("schema-version", SCHEMA_VERSION);
        openTelemetry
                .getPropagators()
                .getTextMapPropagator()
                .inject(Context.current().with(span), headers, HEADER_SETTER);
        return Uni.createFrom()
                .emitter(emitter -> sender.execute(() -> send(event, headers, span, emitter, publishedIn)));
    }

    @Override
    public void resending(String vehicleId) {
        // queued behind the vehicle's earlier fixes (which still fail), ahead of the ones sent again
        sender.execute(() -> heldBack.remove(vehicleId));
    }

    /**
     * On the sender thread: encode once, hand to the current producer. A vehicle held back (one of its
     * fixes failed and it has not sent again yet), or a fix published before the last producer
     * failure, fails at once: no later fix may land before the one that failed, and nothing waits
     * on a producer that is gone.
     */
    private void send(FixEvent event, Headers headers, Span span, UniEmitter<? super Void> emitter, int publishedIn) {
        String vehicleId = event.vehicleId();
        if (heldBack.contains(vehicleId) || publishedIn != epoch.get()) {
            heldBack.add(vehicleId);
            span.setStatus(StatusCode.ERROR, "held back until the vehicle resends")
                    .end();
            emitter.fail(new ProducerReplacedException(vehicleId));
            return;
        }
        Producer<String, String> current = producer();
        sentThisEpoch.add(vehicleId);
        try {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(topic, null, vehicleId, codec.encode(event), headers);
            current.send(record, (metadata, failure) -> {
                if (failure == null) {
                    span.end();
                    emitter.complete(null);
                } else {
                    failed(current, true, publishedIn, vehicleId, span, emitter, failure);
                }
            });
        } catch (RuntimeException e) {
            // send() throws on a metadata wait past max.block.ms (Kafka away: the producer itself is
            // fine and keeps trying to connect) or on a closed producer (replaced meanwhile)
            failed(current, false, publishedIn, vehicleId, span, emitter, e);
        }
    }

    /**
     * A send failed: the vehicle is held back, and the fixes published before this failure fail
     * fast (a new epoch). A record the producer took and then failed (expired, out-of-order
     * sequence, unknown or fenced producer id) also retires that producer.
     */
    private void failed(
            Producer<String, String> failedProducer,
            boolean retire,
            int publishedIn,
            String vehicleId,
            Span span,
            UniEmitter<? super Void> emitter,
            Throwable failure) {
        span.recordException(failure).setStatus(StatusCode.ERROR).end();
        heldBack.add(vehicleId);
        if (resendAfterFailure(failure) && epoch.compareAndSet(publishedIn, publishedIn + 1)) {
            LOG.warnf(
                    "Kafka send failed (%s: %s)%s; the replays send their unacknowledged fixes again",
                    failure.getClass().getSimpleName(), failure.getMessage(), retire ? ", producer replaced" : "");
        }
        if (retire && resendAfterFailure(failure) && retired != failedProducer) {
            retired = failedProducer;
            // at once (from the producer's own thread this does not wait): its unsent batches fail now
            failedProducer.close(Duration.ZERO);
        }
        emitter.fail(failure);
    }

    /**
     * A failure the replay answers by sending again: all but a record Kafka can never take. The
     * producer is replaced first, so a stuck sequence or producer id cannot fail the resend too.
     */
    @Override
    public boolean resendAfterFailure(Throwable failure) {
        return !(failure instanceof RecordTooLargeException || failure instanceof SerializationException);
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    /** Completes when the fixes topic can be described within {@code timeout}: Kafka answers. */
    public CompletionStage<Void> checkTopic(Duration timeout) {
        return admin().describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .allTopicNames()
                .toCompletionStage()
                .thenAccept(ignored -> {});
    }

    /** How many producers this sink has made (1 + the replacements after failures). */
    public int producersCreated() {
        return producersCreated;
    }

    /**
     * The producer of the current epoch. After a failure, a new one: every vehicle that sent through
     * the old one is held back first, so none of its later fixes lands before it has sent again.
     */
    private Producer<String, String> producer() {
        if (producer != null && producer == retired) {
            heldBack.addAll(sentThisEpoch);
            closeProducer(Duration.ZERO);
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer());
            sentThisEpoch.clear();
            producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(meters);
            producersCreated++;
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer == null) {
            return;
        }
        try {
            producerMetrics.close();
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.debugf("Closing a producer: %s", e.getMessage());
        }
        producer = null;
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            2000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            3000));
                }
                current = admin;
            }
        }
        return current;
    }

    /** Graceful shutdown: what the replays handed over is delivered (within gps.fixes.shutdown-flush). */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(SHUTDOWN_PRIORITY) ShutdownEvent event) {
        try {
            sender.submit(() -> closeProducer(shutdownFlush))
                    .get(shutdownFlush.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Kafka producer not flushed cleanly at shutdown: %s", e.getMessage());
        }
        sender.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
