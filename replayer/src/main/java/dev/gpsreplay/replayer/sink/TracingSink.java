package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;

/**
 * One span per replayed fix ({@code replay fix}, with the vehicle id), current while the wrapped sink
 * hands the fix on, so the sink's own spans (the Kafka publish, the Redis write) become its children
 * and the fix can be followed from here to the client that reads it. It ends when the fix is
 * delivered. The scope is closed before returning: nothing leaks onto the replay thread.
 */
final class TracingSink implements FixSink {

    private final FixSink delegate;
    private final Tracer tracer;

    TracingSink(FixSink delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        Span span = tracer.spanBuilder("replay fix")
                .setAttribute("vehicle.id", event.vehicleId())
                .setAttribute("replay.run_id", event.runId())
                .setAttribute("replay.sequence", event.sequence())
                .setAttribute("replay.track_position", event.trackPosition())
                .startSpan();
        Uni<Void> delivery;
        try (Scope ignored = span.makeCurrent()) {
            delivery = delegate.publish(event);
        } catch (RuntimeException e) {
            span.recordException(e).setStatus(StatusCode.ERROR).end();
            throw e;
        }
        return delivery.onItemOrFailure().invoke((ok, failure) -> {
            if (failure != null) {
                span.recordException(failure).setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    @Override
    public int maxInFlight() {
        return delegate.maxInFlight();
    }

    @Override
    public boolean resendAfterFailure(Throwable failure) {
        return delegate.resendAfterFailure(failure);
    }

    @Override
    public void resending(String vehicleId) {
        delegate.resending(vehicleId);
    }
}
