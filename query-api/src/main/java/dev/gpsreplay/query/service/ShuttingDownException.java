package dev.gpsreplay.query.service;

/** This instance is stopping: the wait it ended can be retried on another instance. */
public class ShuttingDownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShuttingDownException() {
        super(
                "query-api is shutting down; try again (another instance, or this one once restarted)",
                null,
                false,
                false);
    }
}
