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

    record Published(long atNanos, FixEvent event) {
    }

    final List<Published> published = new ArrayList<>();
    private final List<UniEmitter<? super Void>> held = new ArrayList<>();
    private final LongSupplier clock;
    private boolean holding;
    private int maxInFlight = 1;

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

    void allowInFlight(int max) {
        maxInFlight = max;
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
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
