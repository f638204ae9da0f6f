package dev.gpsreplay.domain;

/**
 * A row of a track file that was skipped, and why.
 *
 * @param source the file (or upload) name
 * @param line   1-based physical line number in the file (the header is line 1)
 * @param reason  what is wrong with the row, for a person to read
 * @param problem the kind of problem, for counting
 */
public record RowRejection(String source, long line, String reason, RowProblem problem) {

    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
