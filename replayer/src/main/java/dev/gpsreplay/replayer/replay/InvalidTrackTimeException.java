package dev.gpsreplay.replayer.replay;

/** A track whose times cannot be replayed (fixes hundreds of years apart). */
public class InvalidTrackTimeException extends InvalidReplayRequestException {

    private static final long serialVersionUID = 1L;

    public InvalidTrackTimeException(String message) {
        super(message);
    }
}
