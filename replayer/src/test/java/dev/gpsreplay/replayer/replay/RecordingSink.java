package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.replayer.sink.FixSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Records each event with the clock time it was published at; can hold deliveries back like a slow dependency. */
final class RecordingSink implements FixSink {

    record Published(long atNanos, FixEvent event) {}

    final List<Published> published = new ArrayList<>();
    private final List<UniEmitter<? super Void>> held = new ArrayList<>();
    private final LongSupplier clock;
    private boolean holding;
    private int maxInFlight = 1;
    private boolean resend;
    private RuntimeException throwNext;

    RecordingSink(LongSupplier clock) {
        this.clock = clock;
    }

    /** From now on, deliveries stay pending until {@link #release()}. */
    void hold() {
        holding = true;
    }

    /** Completes every pending delivery and stops holding. */
    void release() {
        holding = false;
        List<UniEmitter<? super Void>> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(emitter -> emitter.complete(null));
    }

    /** Fails every pending delivery (the sink lost its connection) and stops holding. */
    void failHeld(Throwable failure) {
        holding = false;
        List<UniEmitter<? super Void>> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(emitter -> emitter.fail(failure));
    }

    /** Makes every failure one the replay answers by sending the window again. */
    void resendOnFailure() {
        resend = true;
    }

    @Override
    public boolean resendAfterFailure(Throwable failure) {
        return resend;
    }

    /** Throws on the next publish: a bug in a sink. */
    void throwOnNextPublish(RuntimeException e) {
        throwNext = e;
    }

    void allowInFlight(int max) {
        maxInFlight = max;
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        if (throwNext != null) {
            RuntimeException e = throwNext;
            throwNext = null;
            throw e;
        }
        published.add(new Published(clock.getAsLong(), event));
        if (!holding) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(held::add);
    }

    List<Integer> positions() {
        return published.stream().map(p -> p.event().trackPosition()).toList();
    }
}
