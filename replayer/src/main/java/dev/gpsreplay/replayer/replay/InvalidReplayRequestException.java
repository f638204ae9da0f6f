package dev.gpsreplay.replayer.replay;

/** A value the caller gave is outside what the engine accepts (a speed, a track's times). */
public class InvalidReplayRequestException extends ReplayException {

    private static final long serialVersionUID = 1L;

    public InvalidReplayRequestException(String message) {
        super(message);
    }
}
