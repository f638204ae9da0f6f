package dev.gpsreplay.replayer.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How far a file replay has been delivered, so that a restarted replayer goes on from there (see
 * {@link ReplayCheckpoints}). The next fix to send is {@code position} of loop iteration
 * {@code loopIteration}, with sequence {@code sequence + 1} of the same run: whatever was delivered
 * after the checkpoint was written and is sent again lands as a redelivery the view drops.
 *
 * @param runId         the run the replay goes on with
 * @param sequence      the sequence number of the last delivered fix
 * @param loopIteration the loop iteration of the next fix
 * @param position      0-based index of the next fix (the track's size once the last one is delivered)
 * @param fixesEmitted  fixes delivered so far
 * @param paused        whether an operator had paused the replay
 * @param source        the track file, to tell a checkpoint of another file apart
 * @param trackFixes    the track's fixes, with {@code trackSpanMs}: a changed file starts over
 * @param trackSpanMs   milliseconds from the track's first fix to its last
 */
@RegisterForReflection
public record ReplayCheckpoint(
        @JsonProperty("run_id") String runId,
        long sequence,
        @JsonProperty("loop_iteration") int loopIteration,
        int position,
        @JsonProperty("fixes_emitted") long fixesEmitted,
        boolean paused,
        String source,
        @JsonProperty("track_fixes") int trackFixes,
        @JsonProperty("track_span_ms") long trackSpanMs) {

    /** Whether this checkpoint was written for {@code track} read from {@code source}. */
    public boolean fits(String source, CompactTrack track) {
        return this.source.equals(source)
                && trackFixes == track.size()
                && trackSpanMs == spanMillis(track)
                && position >= 0
                && position <= track.size()
                && loopIteration >= 0
                && sequence >= 0;
    }

    static long spanMillis(CompactTrack track) {
        return track.offsetNanos(track.size() - 1) / 1_000_000;
    }
}
