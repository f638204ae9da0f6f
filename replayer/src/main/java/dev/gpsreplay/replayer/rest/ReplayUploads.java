package dev.gpsreplay.replayer.rest;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.domain.InvalidTrackException;
import dev.gpsreplay.domain.ReadLimits;
import dev.gpsreplay.domain.RowRejection;
import dev.gpsreplay.domain.TrackFormat;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.domain.TrackReader;
import dev.gpsreplay.domain.TrackTooLargeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads an uploaded track: picks its format, applies the limits, and turns what is wrong into problems.
 * The read is a span of its own ({@code track read}), a child of the upload's request span, with the
 * rows it kept and skipped: a large file's parse shows apart from starting its replay.
 */
@ApplicationScoped
class ReplayUploads {

    /** How many skipped rows an answer lists (the total is always given). */
    static final int LISTED_REJECTIONS = 100;

    /**
     * The format of an upload: the one its Content-Type names, checked against the content; or, for
     * {@code application/octet-stream} or no type, the one the content shows.
     */
    TrackFormat format(String contentType, byte[] body) {
        TrackFormat sniffed = TrackFormat.sniff(Arrays.copyOf(body, Math.min(body.length, TrackFormat.SNIFF_BYTES)));
        TrackFormat declared = TrackFormat.ofMediaType(contentType).orElse(sniffed);
        if (declared != sniffed && body.length > 0) {
            throw new ProblemException(
                    Status.BAD_REQUEST,
                    "The Content-Type is " + contentType
                            + " but the body looks like " + sniffed.name() + " (" + sniffed.mediaType()
                            + "); send it with that type, or as application/octet-stream to have it recognised.");
        }
        return declared;
    }

    /**
     * @param vehicleId the new vehicle (names the upload in rejections)
     * @param format    the format to read
     * @param body      the file
     * @param limits    rows, line length, digits, time range
     * @param strict    whether one bad row refuses the whole file
     * @return the track and its skipped rows
     * @throws ProblemException 400 for an unusable file (or any bad row when strict), 413 for too many rows
     */
    @WithSpan("track read")
    TrackReadResult read(
            @SpanAttribute("vehicle.id") String vehicleId,
            @SpanAttribute("track.format") TrackFormat format,
            byte[] body,
            ReadLimits limits,
            boolean strict) {
        String source = vehicleId + "." + format.name().toLowerCase(Locale.ROOT);
        TrackReadResult read;
        try {
            read = TrackReader.read(source, format, new ByteArrayInputStream(body), limits);
        } catch (TrackTooLargeException e) {
            throw new ProblemException(
                    Status.REQUEST_ENTITY_TOO_LARGE,
                    "The track has too many rows: " + e.getMessage() + "; the limit is the replay.max-rows setting.");
        } catch (InvalidTrackException e) {
            throw new ProblemException(
                    Status.BAD_REQUEST, "The track has no usable row: " + e.getMessage(), errors(e.rejections()));
        }
        Span.current()
                .setAttribute("track.rows_read", read.track().size())
                .setAttribute("track.rows_rejected", read.rejections().size());
        if (strict && !read.rejections().isEmpty()) {
            throw new ProblemException(
                    Status.BAD_REQUEST,
                    "strict=true and " + read.rejections().size()
                            + " row(s) of the track are bad; nothing was started.",
                    errors(read.rejections()));
        }
        return read;
    }

    List<UploadedReplay.RejectedRow> listed(List<RowRejection> rejections) {
        return rejections.stream()
                .limit(LISTED_REJECTIONS)
                .map(UploadedReplay.RejectedRow::of)
                .toList();
    }

    private static List<Problem.ProblemError> errors(List<RowRejection> rejections) {
        return rejections.stream()
                .limit(LISTED_REJECTIONS)
                .map(r -> new Problem.ProblemError("line " + r.line(), r.reason()))
                .toList();
    }
}
