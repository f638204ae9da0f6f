package dev.gpsreplay.replayer.replay;

/** Where a replay is. */
public enum ReplayState {
    /** Emitting fixes on schedule. */
    PLAYING,
    /** Stopped by a user; resumes from the same fix. */
    PAUSED,
    /** Emitted its last fix (and does not loop). */
    FINISHED,
    /** Stopped by an unexpected error in the replayer; {@code failure_reason} says which. Seek to play it again. */
    FAILED
}
