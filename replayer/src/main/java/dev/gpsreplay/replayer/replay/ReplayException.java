package dev.gpsreplay.replayer.replay;

/**
 * Why the engine refused an operation. The REST edge turns each kind into a problem response; the
 * engine itself knows nothing of HTTP.
 */
public abstract class ReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected ReplayException(String message) {
        super(message, null, false, false);
    }
}
