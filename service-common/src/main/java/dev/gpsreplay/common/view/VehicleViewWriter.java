package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.legacy.LegacyFix;
import dev.gpsreplay.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes fix events into the view, many per round trip.
 *
 * <p>{@code apply-fixes.lua} applies each event to its vehicle's two keys: atomic and idempotent per
 * event, see the script. Against one Redis server one script call carries up to
 * {@value #EVENTS_PER_CALL} events, so the call's own cost (in Redis and in the client) is shared;
 * in Redis Cluster each call carries one event, whose keys are in one slot. The calls of one
 * {@link #applyAll} go in one pipeline, in the events' order. Then, for the events that changed the view,
 * the global keys are written in a second round trip: the vehicles' index entries, and the seed's
 * {@code gps_state} with the newest of them, which is also published on {@code gps_state_topic}.
 */
@ApplicationScoped
public class VehicleViewWriter {

    /** What applying one event did. */
    public enum Outcome {
        /** The view changed. */
        APPLIED,
        /** The view held this run's event at this sequence or later already: a redelivery. */
        DUPLICATE,
        /** The view holds a run of this vehicle emitted later: an older run never overwrites it. */
        OLDER_RUN
    }

    /**
     * One event's result.
     *
     * @param failure set when Redis refused the event for good (e.g. a key of the wrong type);
     *                {@code outcome} is null then
     */
    public record Result(FixEvent event, Outcome outcome, Throwable failure) {}

    private static final LuaScript APPLY = LuaScript.resource("gpsreplay/apply-fixes.lua");

    /**
     * Events per script call against one Redis server. More shares the call's cost further but holds
     * Redis longer in one script (about 25 µs per event), while other clients wait: 32 is under a
     * millisecond.
     */
    static final int EVENTS_PER_CALL = 32;

    private final RedisPipeline redis;
    private final JsonCodec codec;
    private final ViewConfig config;
    private final Tracer tracer;
    private final Timer updateLatency;

    public VehicleViewWriter(
            RedisPipeline redis, JsonCodec codec, ViewConfig config, Tracing tracing, MeterRegistry meters) {
        this.redis = redis;
        this.codec = codec;
        this.config = config;
        this.tracer = tracing.tracer("dev.gpsreplay.view");
        this.updateLatency = Timer.builder("gps.view.update.latency")
                .description("From a fix's emission by the replayer to its write into the view")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Applies one event.
     *
     * @return true when the view changed, false when the event was a duplicate or of an older run
     */
    public Uni<Boolean> apply(FixEvent event) {
        Context parent = Context.current();
        return applyAll(List.of(event), List.of(parent)).map(results -> {
            Result result = results.get(0);
            if (result.failure() != null) {
                throw new ViewWriteException("Redis refused the fix of " + event.vehicleId(), result.failure());
            }
            return result.outcome() == Outcome.APPLIED;
        });
    }

    /**
     * Applies events in their order (one vehicle's events must come in sequence order).
     *
     * @param parents the trace context of each event's write span (same size as events)
     * @return one result per event, in order; a failed Uni when Redis is unavailable (transient:
     *         worth retrying the whole call, which is idempotent)
     */
    public Uni<List<Result>> applyAll(List<FixEvent> events, List<Context> parents) {
        return applyAll(events, events.stream().map(codec::encode).toList(), parents);
    }

    /**
     * As {@link #applyAll(List, List)}, with each event's JSON given by the caller (as it came from
     * Kafka): the state's {@code event} field and the live notification carry it as it is.
     */
    public Uni<List<Result>> applyAll(List<FixEvent> events, List<String> eventJson, List<Context> parents) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            List<Span> spans = startSpans(events, parents);
            return applyVehicles(events, eventJson)
                    .onItemOrFailure()
                    .invoke((results, failure) -> endSpans(spans, results, failure))
                    .call(this::writeGlobalKeys);
        });
    }

    private Uni<List<Result>> applyVehicles(List<FixEvent> events, List<String> json) {
        int perCall = redis.cluster() ? 1 : EVENTS_PER_CALL;
        List<List<FixEvent>> chunks = new ArrayList<>();
        List<Request> calls = new ArrayList<>();
        // the order between calls matters only in a cluster, where each call is one vehicle's event
        List<String> order = new ArrayList<>();
        for (int from = 0; from < events.size(); from += perCall) {
            int to = Math.min(events.size(), from + perCall);
            List<FixEvent> chunk = events.subList(from, to);
            chunks.add(chunk);
            calls.add(applyCall(chunk, json.subList(from, to)));
            order.add(chunk.get(0).vehicleId());
        }
        return withScript(() -> bounded(redis.send(calls, order), "applying fixes"))
                .map(replies -> {
                    List<Result> results = new ArrayList<>(events.size());
                    for (int call = 0; call < replies.size(); call++) {
                        results.addAll(results(chunks.get(call), replies.get(call)));
                    }
                    return results;
                })
                // a call's error fails the pipeline: find the event, apply the others one by one
                .onFailure(e -> !RedisFailures.isTransient(e))
                .recoverWithUni(() -> applyOneByOne(events, json));
    }

    private Uni<List<Result>> applyOneByOne(List<FixEvent> events, List<String> json) {
        return Multi.createFrom()
                .range(0, events.size())
                .onItem()
                .transformToUniAndConcatenate(i -> withScript(() -> bounded(
                                redis.send(applyCall(List.of(events.get(i)), List.of(json.get(i)))), "applying a fix"))
                        .map(reply -> results(List.of(events.get(i)), reply).get(0))
                        .onFailure(e -> !RedisFailures.isTransient(e))
                        .recoverWithItem(e -> new Result(events.get(i), null, e)))
                .collect()
                .asList();
    }

    /** The index entries of the vehicles that changed, and the seed key and channel for the newest fix. */
    private Uni<Void> writeGlobalKeys(List<Result> results) {
        List<FixEvent> applied = results.stream()
                .filter(r -> r.outcome() == Outcome.APPLIED)
                .map(Result::event)
                .toList();
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        Request index = Request.cmd(Command.ZADD).arg(ViewKeys.VEHICLES);
        applied.stream()
                .map(FixEvent::vehicleId)
                .distinct()
                .forEach(id -> index.arg(now).arg(id));
        // the seed's key and channel speak the seed's JSON: made here, at that edge
        String seed = codec.encode(LegacyFix.of(applied.stream()
                .max(Comparator.comparing(FixEvent::emittedAt))
                .orElseThrow()
                .fix()));
        List<Request> writes = new ArrayList<>(List.of(
                index,
                Request.cmd(Command.SET).arg(ViewKeys.SEED_STATE).arg(seed),
                Request.cmd(Command.PUBLISH).arg(ViewKeys.SEED_CHANNEL).arg(seed)));
        long idleTtl = config.vehicleIdleTtl().toMillis();
        if (idleTtl > 0) {
            writes.add(Request.cmd(Command.ZREMRANGEBYSCORE)
                    .arg(ViewKeys.VEHICLES)
                    .arg("-inf")
                    .arg("(" + (now - idleTtl)));
        }
        applied.forEach(event -> updateLatency.record(Duration.between(event.emittedAt(), Instant.now())));
        return bounded(redis.send(writes), "indexing vehicles").replaceWithVoid();
    }

    /** The call; on NOSCRIPT (Redis restarted and forgot the script) loads it and calls once more. */
    private <T> Uni<T> withScript(Supplier<Uni<T>> call) {
        return call.get()
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> bounded(redis.send(APPLY.load()), "loading the apply script")
                        .chain(ignored -> call.get()));
    }

    /** One call of the script for these events, in their order (see the script for its arguments). */
    private Request applyCall(List<FixEvent> events, List<String> eventJson) {
        List<String> keys = new ArrayList<>(2 * events.size());
        List<String> args = new ArrayList<>(4 + 6 * events.size());
        args.add(Integer.toString(config.historySize()));
        args.add(Long.toString(config.historyMaxAge().toMillis()));
        args.add(Long.toString(config.vehicleIdleTtl().toMillis()));
        args.add(ViewKeys.FIXES_CHANNEL);
        for (int i = 0; i < events.size(); i++) {
            FixEvent event = events.get(i);
            keys.add(ViewKeys.state(event.vehicleId()));
            keys.add(ViewKeys.track(event.vehicleId()));
            args.add(event.runId());
            args.add(Long.toString(event.sequence()));
            args.add(eventJson.get(i));
            args.add(Long.toString(event.fix().timestamp().toEpochMilli()));
            args.add(codec.encode(event.fix()));
            args.add(Long.toString(event.emittedAt().toEpochMilli()));
        }
        return redis.script(APPLY, keys, args);
    }

    /** The script answers one entry per event: a number, or the text of a refusal (a key of the wrong type). */
    private static List<Result> results(List<FixEvent> events, Response reply) {
        List<Result> results = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Response entry =
                    reply != null && reply.type() == ResponseType.MULTI && i < reply.size() ? reply.get(i) : null;
            if (entry == null || entry.type() != ResponseType.NUMBER) {
                String answer = entry == null ? "no answer for this event: " + reply : entry.toString();
                results.add(new Result(events.get(i), null, new ViewWriteException(answer, null)));
            } else {
                results.add(new Result(events.get(i), outcome(entry), null));
            }
        }
        return results;
    }

    private static Outcome outcome(Response reply) {
        return switch (reply.toInteger()) {
            case 1 -> Outcome.APPLIED;
            case 0 -> Outcome.DUPLICATE;
            default -> Outcome.OLDER_RUN;
        };
    }

    private <T> Uni<T> bounded(Uni<T> call, String what) {
        return RedisCalls.bounded(call, config.redisTimeout(), what);
    }

    // The Redis write in each fix's trace: a child of the span current for that fix (the Kafka
    // consume span in query-api, the replay span in the replayer's Redis sink).
    private List<Span> startSpans(List<FixEvent> events, List<Context> parents) {
        List<Span> spans = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            FixEvent event = events.get(i);
            spans.add(tracer.spanBuilder("redis apply-fix")
                    .setParent(parents.get(i))
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system", "redis")
                    .setAttribute("db.operation.name", "EVALSHA")
                    .setAttribute("vehicle.id", event.vehicleId())
                    .setAttribute("replay.sequence", event.sequence())
                    .startSpan());
        }
        return spans;
    }

    private static void endSpans(List<Span> spans, List<Result> results, Throwable failure) {
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            Throwable error = failure != null ? failure : results.get(i).failure();
            if (error != null) {
                span.recordException(error).setStatus(StatusCode.ERROR);
            } else {
                span.setAttribute("view.changed", results.get(i).outcome() == Outcome.APPLIED);
            }
            span.end();
        }
    }
}
