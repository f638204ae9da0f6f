package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.event.FixEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes fix events into the view with one atomic Lua script per event (state, history, index,
 * seed key and the live notification together). Idempotent: see {@code apply-fix.lua}.
 */
@ApplicationScoped
public class VehicleViewWriter {

    private static final String SCRIPT_RESOURCE = "gpsreplay/apply-fix.lua";

    private final ReactiveRedisDataSource redis;
    private final JsonCodec codec;
    private final ViewConfig config;
    private final Tracer tracer;
    private final Timer updateLatency;
    private final String script = loadScript();
    private volatile String scriptSha;

    public VehicleViewWriter(ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig config, Tracer tracer,
            MeterRegistry meters) {
        this.redis = redis;
        this.codec = codec;
        this.config = config;
        this.tracer = tracer;
        this.updateLatency = Timer.builder("gps.view.update.latency")
                .description("From a fix's emission by the replayer to its write into the view")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Applies one event.
     *
     * @return true when the view changed, false when the event was a duplicate or older than what
     *         the view holds
     */
    public Uni<Boolean> apply(FixEvent event) {
        List<String> args = scriptArguments(event);
        // The Redis write in the fix's trace: a child of the span current at the call (the Kafka
        // consume span in query-api, the replay span in the replayer's Redis sink), one per attempt.
        Context parent = Context.current();
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("redis apply-fix").setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system", "redis")
                    .setAttribute("db.operation.name", "EVALSHA")
                    .setAttribute("vehicle.id", event.vehicleId())
                    .setAttribute("replay.sequence", event.sequence())
                    .startSpan();
            return RedisCalls.bounded(evaluate(args), config.redisTimeout(), "applying a fix")
                    .map(response -> response.toInteger() == 1)
                    .onItemOrFailure().invoke((applied, failure) -> {
                        if (failure != null) {
                            span.recordException(failure).setStatus(StatusCode.ERROR);
                        } else {
                            span.setAttribute("view.changed", applied);
                            if (applied) {
                                updateLatency.record(Duration.between(event.emittedAt(), Instant.now()));
                            }
                        }
                        span.end();
                    });
        });
    }

    /** EVALSHA, falling back to EVAL when Redis lost its script cache (after a restart). */
    private Uni<Response> evaluate(List<String> args) {
        String sha = scriptSha;
        if (sha == null) {
            return evalWithSource(args);
        }
        List<String> shaArgs = new ArrayList<>(args.size() + 1);
        shaArgs.add(sha);
        shaArgs.addAll(args);
        return redis.execute("EVALSHA", shaArgs.toArray(String[]::new))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> evalWithSource(args));
    }

    private Uni<Response> evalWithSource(List<String> args) {
        List<String> evalArgs = new ArrayList<>(args.size() + 1);
        evalArgs.add(script);
        evalArgs.addAll(args);
        return redis.execute("EVAL", evalArgs.toArray(String[]::new))
                .call(() -> redis.execute("SCRIPT", "LOAD", script)
                        .invoke(sha -> scriptSha = sha.toString())
                        .onFailure().recoverWithNull());
    }

    private List<String> scriptArguments(FixEvent event) {
        String vehicleId = event.vehicleId();
        return List.of("4",
                ViewKeys.state(vehicleId), ViewKeys.track(vehicleId), ViewKeys.VEHICLES, ViewKeys.SEED_STATE,
                vehicleId,
                event.runId(),
                Long.toString(event.sequence()),
                codec.encode(event),
                Long.toString(event.fix().epochMillis()),
                codec.encode(event.fix()),
                Integer.toString(config.historySize()),
                ViewKeys.FIXES_CHANNEL,
                Long.toString(System.currentTimeMillis()));
    }

    private static String loadScript() {
        try (InputStream in = VehicleViewWriter.class.getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
