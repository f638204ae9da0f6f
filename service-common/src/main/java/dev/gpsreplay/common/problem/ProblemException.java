package dev.gpsreplay.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** Ends a request with an RFC 9457 problem: thrown by resources, turned into a response by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Status status;
    private final transient List<Problem.ProblemError> errors;

    public ProblemException(Status status, String detail) {
        this(status, detail, List.of());
    }

    public ProblemException(Status status, String detail, List<Problem.ProblemError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Status.BAD_REQUEST, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Status.CONFLICT, detail);
    }

    public Status status() {
        return status;
    }

    public List<Problem.ProblemError> errors() {
        return errors;
    }
}
