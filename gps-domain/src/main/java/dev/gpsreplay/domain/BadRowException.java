package dev.gpsreplay.domain;

/**
 * Thrown while parsing one row to say why the row cannot be used; {@link TrackReader} turns it into a
 * {@link RowRejection} and carries on with the next row.
 */
final class BadRowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RowProblem problem;

    BadRowException(RowProblem problem, String reason) {
        // No stack trace: this is an expected outcome for bad input, and a file may have many.
        super(reason, null, false, false);
        this.problem = problem;
    }

    RowProblem problem() {
        return problem;
    }
}
