package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.tracing.Tracing;
import dev.gpsreplay.replayer.config.ReplayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/**
 * Picks the {@link FixSink}s that {@code replay.sink} names (the others are never created), fans out
 * to them when there are several, and traces the whole.
 */
public class SinkSelector {

    @Produces
    @ApplicationScoped
    FixSink sink(
            ReplayConfig config,
            Instance<LogSink> log,
            Instance<RedisSink> redis,
            Instance<KafkaSink> kafka,
            Instance<NmeaSink> nmea,
            Tracing tracing) {
        List<FixSink> chosen = config.sink().stream()
                .distinct()
                .<FixSink>map(type -> switch (type) {
                    case LOG -> log.get();
                    case REDIS -> redis.get();
                    case KAFKA -> kafka.get();
                    case NMEA -> nmea.get();
                })
                .toList();
        return new TracingSink(
                chosen.size() == 1 ? chosen.get(0) : new FanOutSink(chosen), tracing.tracer("dev.gpsreplay.replayer"));
    }
}
