package dev.gpsreplay.replayer.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.gpsreplay.domain.RowRejection;
import dev.gpsreplay.replayer.replay.ReplayStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to an upload: the new replay's status (its fields at the top level, {@code rows_rejected}
 * the total of skipped rows among them), the format the file was read as, and the first skipped rows
 * with their reasons.
 *
 * @param replay       the replay as it started
 * @param format       {@code csv}, {@code gpx} or {@code nmea}
 * @param rejectedRows the first {@value ReplayUploads#LISTED_REJECTIONS} skipped rows, in file order
 */
@RegisterForReflection
@Schema(
        name = "UploadedReplay",
        description = "The replay an upload started, with the rows of the file that were "
                + "skipped (the first 100; rows_rejected is the total).")
public record UploadedReplay(
        @JsonUnwrapped @Schema(implementation = ReplayStatus.class)
        ReplayStatus replay,

        @Schema(description = "The format the file was read as: csv, gpx or nmea.", example = "gpx")
        String format,

        @JsonProperty("rejected_rows") @Schema(description = "The first 100 skipped rows, in file order.")
        List<RejectedRow> rejectedRows) {

    /**
     * One skipped row.
     *
     * @param line   its line in the file (for GPX, the line of its trkpt element)
     * @param reason why it was skipped
     */
    @RegisterForReflection
    @Schema(name = "RejectedRow", description = "A row of the uploaded file that was skipped.")
    public record RejectedRow(
            @Schema(example = "3") long line,

            @Schema(example = "column \"latitude\": \"95.0\" is outside -90..90")
            String reason) {

        static RejectedRow of(RowRejection rejection) {
            return new RejectedRow(rejection.line(), rejection.reason());
        }
    }
}
