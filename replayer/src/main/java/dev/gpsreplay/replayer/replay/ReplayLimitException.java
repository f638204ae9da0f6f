package dev.gpsreplay.replayer.replay;

/** A limit of the replayer would be exceeded (number of replays, emission budget): try again later or ask for less. */
public class ReplayLimitException extends ReplayException {

    private static final long serialVersionUID = 1L;

    public ReplayLimitException(String message) {
        super(message);
    }
}
