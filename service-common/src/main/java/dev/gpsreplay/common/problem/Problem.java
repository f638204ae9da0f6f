package dev.gpsreplay.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type     URI reference naming the problem type; {@code about:blank} when the status says it all
 * @param title    short, human-readable summary of the problem type
 * @param status   the HTTP status code
 * @param detail   explanation specific to this occurrence
 * @param instance the request path the problem occurred on
 * @param errors   extension member: the individual errors (bad parameters, bad CSV rows), when any
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details.")
public record Problem(
        @Schema(description = "URI naming the problem type.", example = "about:blank")
        String type,

        @Schema(description = "Short summary of the problem type.", example = "Bad Request")
        String title,

        @Schema(description = "HTTP status code.", example = "400")
        int status,

        @Schema(
                description = "What went wrong in this request.",
                example = "time_window_seconds must be a whole number of seconds, got 'abc'")
        String detail,

        @Schema(description = "The request path.", example = "/compute_avg_speed")
        String instance,

        @Schema(description = "Individual errors, when there are several.")
        List<ProblemError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem whose type is {@code about:blank}: the status says it all, and names it in the title. */
    public static Problem of(Status status, String detail, String instance, List<ProblemError> errors) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance, errors);
    }

    /**
     * One error within a problem.
     *
     * @param field  the parameter, or {@code line N} for a row of an uploaded file
     * @param reason what is wrong with it
     */
    @RegisterForReflection
    @Schema(name = "ProblemError", description = "One error of a problem.")
    public record ProblemError(
            @Schema(description = "The parameter, or the line of an uploaded file.", example = "line 12")
            String field,

            @Schema(description = "What is wrong with it.", example = "latitude 91.5 is outside -90..90")
            String reason) {}
}
