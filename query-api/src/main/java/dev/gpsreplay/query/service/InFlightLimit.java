package dev.gpsreplay.query.service;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what is in progress against a cap; a caller past the cap gets a {@link LimitExceededException}. */
public final class InFlightLimit {

    private final String what;
    private final int limit;
    private final String setting;
    private final long retryAfterSeconds;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimit(String what, int limit, String setting, long retryAfterSeconds) {
        this.what = what;
        this.limit = limit;
        this.setting = setting;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Takes a place; the caller must {@link #release()} it once done. */
    public void acquire() {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            throw new LimitExceededException(what, limit, setting, retryAfterSeconds);
        }
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
