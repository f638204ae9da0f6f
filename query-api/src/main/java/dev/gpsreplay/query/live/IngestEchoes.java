package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.FixEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The live notifications this instance's own ingest is about to cause, so that their echo needs no
 * decoding: every applied fix comes back on the pub/sub channel as the JSON the ingest sent to
 * Redis, and decoding it again was a tenth of query-api's CPU at 10,000 fixes/s (a profile of
 * {@code bench/run.sh freshness}). The echo is still what updates the live view, in Redis's order,
 * as for every other instance's fixes; only the decoding is saved.
 *
 * <p>Only an optimisation: a notification found here is the event it was registered with, one not
 * found is decoded. Entries live from a batch's send until its echo (milliseconds); at most
 * {@value #CAPACITY} are held (beyond that, fixes are simply decoded), those the batch did not
 * apply are forgotten at its reply, and all are dropped when the view resyncs (a lost subscription
 * loses echoes).
 */
@ApplicationScoped
public class IngestEchoes {

    /** A few batches of {@code max.poll.records}: more would only hold echoes that were lost. */
    static final int CAPACITY = 4096;

    private final Map<String, FixEvent> pending = new ConcurrentHashMap<>();
    private final LongAdder recognized = new LongAdder();

    /** The ingest is about to apply {@code event}, sent to Redis as {@code json}. */
    public void expect(String json, FixEvent event) {
        if (pending.size() < CAPACITY) {
            pending.put(json, event);
        }
    }

    /** The write of {@code json} did not apply it (a duplicate, an older run, a failure): no echo comes. */
    public void forget(String json) {
        pending.remove(json);
    }

    /** The event of a notification: this instance's own without decoding, any other decoded. */
    FixEvent event(String json, Function<String, FixEvent> decode) {
        FixEvent own = pending.remove(json);
        if (own == null) {
            return decode.apply(json);
        }
        recognized.increment();
        return own;
    }

    void clear() {
        pending.clear();
    }

    /** Echoes awaited now. */
    public int size() {
        return pending.size();
    }

    /** Notifications recognized as this instance's own since it started. */
    public long recognized() {
        return recognized.sum();
    }
}
