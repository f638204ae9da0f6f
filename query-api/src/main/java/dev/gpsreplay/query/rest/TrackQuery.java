package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.config.QueryConfig;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code from}, {@code to} and {@code limit} of a track read, shared by {@code /track} and
 * {@code /track.gpx} ({@code @BeanParam}). Taken as text, so a bad value is a 400 problem naming it
 * ({@link TrackRange#parse}), not the framework's 404.
 */
public class TrackQuery {

    @QueryParam("from")
    @Parameter(description = "Earliest fix time, inclusive (UTC, ISO-8601).", example = "2019-12-24T20:21:27Z")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Latest fix time, inclusive (UTC, ISO-8601).", example = "2019-12-24T20:31:27Z")
    public String to;

    @QueryParam("limit")
    @Parameter(
            description = "At most this many fixes, the earliest first; default query.track-default-limit, "
                    + "at most query.track-max-limit.",
            example = "100")
    public String limit;

    TrackRange range(QueryConfig config) {
        return TrackRange.parse(from, to, limit, config);
    }
}
