package dev.gpsreplay.query.ingest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.RedisFailures;
import dev.gpsreplay.common.view.RedisOutageLog;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.common.view.VehicleViewWriter.Result;
import io.opentelemetry.context.Context;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * The ingest's two Redis writes, each waiting out a Redis outage: transient failures (no connection,
 * a timeout, a server loading or failing over: {@link RedisFailures#isTransient}) are retried with
 * back-off, 100 ms doubling to 2 s, for as long as they last, so consumption pauses and nothing is
 * skipped; a refusal for good fails at once (the records go to the dead-letter topic). The outage is
 * logged once when it starts and once when it ends.
 */
@ApplicationScoped
@Retry(maxRetries = -1, maxDuration = 0, delay = 100, jitter = 50)
@ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
@RetryWhen(exception = RedisFailures.Transient.class)
public class IngestWrites {

    private static final Logger LOG = Logger.getLogger(FixIngest.class); // the ingest's outage, in its log

    private final VehicleViewWriter writer;
    private final ViewOffsets offsets;
    private final RedisOutageLog outage = new RedisOutageLog(
            LOG,
            "Redis write failed, consumption pauses and retries",
            "Redis writes succeed again, consumption goes on");

    public IngestWrites(VehicleViewWriter writer, ViewOffsets offsets) {
        this.writer = writer;
        this.offsets = offsets;
    }

    /** {@link VehicleViewWriter#applyAll(List, List, List)}, retried while Redis is away. */
    public Uni<List<Result>> applyAll(List<FixEvent> events, List<String> json, List<Context> parents) {
        return outage.watch(writer.applyAll(events, json, parents), RedisFailures::isTransient);
    }

    /** {@link ViewOffsets#commit}, retried while Redis is away. */
    public Uni<Boolean> commit(String epoch, Map<TopicPartition, Long> handled) {
        return outage.watch(offsets.commit(epoch, handled), RedisFailures::isTransient);
    }
}
