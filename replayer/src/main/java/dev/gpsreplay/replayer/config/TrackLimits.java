package dev.gpsreplay.replayer.config;

import dev.gpsreplay.domain.ReadLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Instant;

/**
 * Bounds on what one track file (an upload or a file of {@code replay.source}) may hold. A row over a
 * bound is a rejected row; a file with more rows than {@code replay.max-rows} is refused (413 for an
 * upload). The upload's size is bounded by {@code quarkus.http.limits.max-body-size}.
 */
@ConfigMapping(prefix = "replay")
public interface TrackLimits {

    /** The most data rows (CSV rows, GPX points, NMEA fixes) one track may have. */
    @WithDefault("1000000")
    int maxRows();

    /** The longest line of a CSV or NMEA file, in characters; a longer line is a rejected row. */
    @WithDefault("4096")
    int maxLineLength();

    /** The most digits one number may be written with; more is a rejected row. */
    @WithDefault("32")
    int maxDigits();

    /** The earliest fix time accepted (inclusive); an earlier fix is a rejected row. */
    @WithDefault("1970-01-01T00:00:00Z")
    Instant earliestTime();

    /** The latest fix time accepted (exclusive); a later fix is a rejected row. */
    @WithDefault("2200-01-01T00:00:00Z")
    Instant latestTime();

    /** @return these settings as the readers take them */
    default ReadLimits readLimits() {
        return new ReadLimits(maxRows(), maxLineLength(), maxDigits(), earliestTime(), latestTime());
    }
}
