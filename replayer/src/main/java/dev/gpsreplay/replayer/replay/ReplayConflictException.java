package dev.gpsreplay.replayer.replay;

/** The operation does not fit the replay's state (the vehicle already replays; a finished replay resumed). */
public class ReplayConflictException extends ReplayException {

    private static final long serialVersionUID = 1L;

    public ReplayConflictException(String message) {
        super(message);
    }
}
