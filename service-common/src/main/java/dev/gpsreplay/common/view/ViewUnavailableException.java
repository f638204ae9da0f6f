package dev.gpsreplay.common.view;

/** Redis could not be reached, or did not answer in time. Served as 503. */
public class ViewUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ViewUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
