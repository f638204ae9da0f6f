package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.query.config.QueryConfig;
import java.time.Instant;

/**
 * The {@code from}, {@code to} and {@code limit} of a history read, checked the same way for every
 * format it is served in ({@code /track}, {@code /track.gpx}).
 *
 * @param fromMillis earliest fix time, inclusive (epoch ms)
 * @param toMillis   latest fix time, inclusive (epoch ms)
 * @param limit      at most this many fixes, the earliest first
 */
record TrackRange(long fromMillis, long toMillis, int limit) {

    /** Missing bounds are open; a missing limit is {@code query.track-default-limit}. 400 problems otherwise. */
    static TrackRange parse(String from, String to, String limit, QueryConfig config) {
        Instant fromTime = RequestParameters.optionalInstant("from", from).orElse(Instant.EPOCH);
        Instant toTime = RequestParameters.optionalInstant("to", to).orElse(Instant.ofEpochMilli(Long.MAX_VALUE / 2));
        if (fromTime.isAfter(toTime)) {
            throw ProblemException.badRequest("from (" + fromTime + ") is after to (" + toTime + ")");
        }
        int max = (int)
                RequestParameters.optionalLong("limit", limit, 1, config.trackMaxLimit(), config.trackDefaultLimit());
        return new TrackRange(fromTime.toEpochMilli(), toTime.toEpochMilli(), max);
    }
}
