package dev.gpsreplay.query.service;

/** A caller asked for more than a configured limit allows right now: a 429 with {@code Retry-After}. */
public class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    /**
     * @param what              what is limited, e.g. "average-speed waits in progress"
     * @param limit             the limit that was reached
     * @param setting           the property that sets it
     * @param retryAfterSeconds when it is worth trying again
     */
    public LimitExceededException(String what, int limit, String setting, long retryAfterSeconds) {
        super(
                "too many " + what + " (the limit is " + limit + ", set by " + setting + "); try again in "
                        + retryAfterSeconds + " s",
                null,
                false,
                false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
