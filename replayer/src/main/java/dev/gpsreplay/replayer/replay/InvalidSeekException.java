package dev.gpsreplay.replayer.replay;

/** A seek outside the track. */
public class InvalidSeekException extends InvalidReplayRequestException {

    private static final long serialVersionUID = 1L;

    public InvalidSeekException(int position, int total) {
        super("position must be between 0 and " + (total - 1) + ", got " + position);
    }
}
