package dev.gpsreplay.domain;

import java.time.Duration;
import java.util.List;

/**
 * A recorded track: fixes in non-decreasing time order.
 *
 * @param name  where the track came from (file name without extension, or a name given on upload)
 * @param fixes at least one fix, ordered by timestamp
 */
public record Track(String name, List<GpsFix> fixes) {

    public Track {
        fixes = List.copyOf(fixes);
        if (fixes.isEmpty()) {
            throw new IllegalArgumentException("a track needs at least one fix");
        }
    }

    /** @return the number of fixes */
    public int size() {
        return fixes.size();
    }

    /**
     * @param index 0 for the first fix
     * @return the fix at that position
     */
    public GpsFix fix(int index) {
        return fixes.get(index);
    }

    /** @return track time from the first fix to the last */
    public Duration duration() {
        return Duration.between(
                fixes.get(0).timestamp(), fixes.get(fixes.size() - 1).timestamp());
    }
}
