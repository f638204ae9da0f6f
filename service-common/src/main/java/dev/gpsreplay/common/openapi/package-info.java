/**
 * The OpenAPI components both services share, declared once: the RFC 9457 {@code Problem} schema,
 * which {@link dev.gpsreplay.common.problem.ProblemResponsesFilter} refers to from every error
 * answer, and the track file a caller uploads ({@link SharedComponents#TRACK_UPLOAD}), which the
 * replayer's {@code POST /replays} and query-api's proxy of it both take.
 *
 * <p>Each service's title, version and description come from its own
 * {@code quarkus.smallrye-openapi.info-*} settings, which override the info here.
 */
@OpenAPIDefinition(
        info = @Info(title = "GPS Replay", version = "1.0.0"),
        components =
                @Components(
                        schemas = @Schema(name = "Problem", implementation = Problem.class),
                        requestBodies =
                                @RequestBody(
                                        name = SharedComponents.TRACK_UPLOAD,
                                        description = "A track file: the seed system's CSV or GPSLogger's CSV export"
                                                + " (text/csv), GPX 1.0/1.1 (application/gpx+xml), an NMEA 0183 log"
                                                + " (application/x-nmea or text/x-nmea), or any of them as"
                                                + " application/octet-stream, recognised from the content.",
                                        required = true,
                                        content = {
                                            @Content(
                                                    mediaType = "text/csv",
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "two fixes",
                                                                    value = TrackFormat.CSV_EXAMPLE)),
                                            @Content(mediaType = "application/gpx+xml"),
                                            @Content(mediaType = "application/x-nmea"),
                                            @Content(mediaType = "text/x-nmea"),
                                            @Content(mediaType = "application/octet-stream")
                                        })))
package dev.gpsreplay.common.openapi;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.domain.TrackFormat;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
