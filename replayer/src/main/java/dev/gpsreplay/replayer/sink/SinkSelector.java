package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.replayer.config.ReplayConfig;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Picks the {@link FixSink} that {@code replay.sink} names (the others are never created) and traces it. */
public class SinkSelector {

    @Produces
    @ApplicationScoped
    FixSink sink(ReplayConfig config, Instance<LogSink> log, Instance<RedisSink> redis, Instance<KafkaSink> kafka,
            Tracer tracer) {
        FixSink chosen = switch (config.sink()) {
            case LOG -> log.get();
            case REDIS -> redis.get();
            case KAFKA -> kafka.get();
        };
        return new TracingSink(chosen, tracer);
    }
}
