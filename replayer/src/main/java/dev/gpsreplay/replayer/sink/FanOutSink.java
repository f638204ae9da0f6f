package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Several sinks at once ({@code replay.sink=kafka,nmea}): each fix goes to every sink, and it counts as
 * delivered when every sink has it (or failed, after every sink has answered, when one gave up), so
 * the slowest sink sets the replay's back-pressure as a single sink would.
 */
final class FanOutSink implements FixSink {

    private final List<FixSink> sinks;

    FanOutSink(List<FixSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one sink");
        }
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        List<Uni<Void>> deliveries =
                sinks.stream().map(sink -> sink.publish(event)).toList();
        return Uni.combine().all().unis(deliveries).collectFailures().discardItems();
    }

    /** The strictest sink's: a sink that needs order one fix at a time gets it. */
    @Override
    public int maxInFlight() {
        return sinks.stream().mapToInt(FixSink::maxInFlight).min().orElse(1);
    }
}
