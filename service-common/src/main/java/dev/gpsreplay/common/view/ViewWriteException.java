package dev.gpsreplay.common.view;

/** Redis refused a write for good (not an outage): retrying the same write would fail again. */
public class ViewWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ViewWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
