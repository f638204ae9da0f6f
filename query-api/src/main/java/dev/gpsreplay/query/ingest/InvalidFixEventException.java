package dev.gpsreplay.query.ingest;

/** A record on the fix topic that is not a valid fix event; its message is the reason, sent with it to the DLQ. */
public class InvalidFixEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidFixEventException(String reason) {
        super(reason);
    }

    public InvalidFixEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
