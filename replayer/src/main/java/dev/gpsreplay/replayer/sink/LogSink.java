package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.PrintStream;

/** {@code replay.sink=log}: one JSON line per fix on standard output, for a look at the stream with no infrastructure. */
@ApplicationScoped
@Typed(LogSink.class) // injected only through SinkSelector, by replay.sink
public class LogSink implements FixSink {

    private final JsonCodec codec;
    private final PrintStream out = System.out;

    public LogSink(JsonCodec codec) {
        this.codec = codec;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        out.println(codec.encode(event));
        return Uni.createFrom().voidItem();
    }
}
