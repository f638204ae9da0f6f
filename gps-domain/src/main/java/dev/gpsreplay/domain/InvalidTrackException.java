package dev.gpsreplay.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A track file that cannot be played at all: no usable rows, or a header we cannot read. */
public class InvalidTrackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RowRejection> rejections;

    /**
     * @param message    why the track is unusable, for a person to read
     * @param rejections the rows rejected before giving up (copied)
     */
    public InvalidTrackException(String message, List<RowRejection> rejections) {
        super(message);
        this.rejections = List.copyOf(rejections);
    }

    /**
     * A file none of whose rows could be used: the first five rejections in the message.
     *
     * @param whenNoneRejected what to say when no row was rejected either (the file has no rows)
     */
    static InvalidTrackException noUsableRows(String source, List<RowRejection> rejections, String whenNoneRejected) {
        String detail = rejections.isEmpty()
                ? whenNoneRejected
                : rejections.size() + " row(s) rejected: "
                        + rejections.stream()
                                .limit(5)
                                .map(RowRejection::toString)
                                .collect(Collectors.joining("; "))
                        + (rejections.size() > 5 ? "; ..." : "");
        return new InvalidTrackException(source + ": no usable rows; " + detail, rejections);
    }

    /** @return the rows that were rejected before the reader gave up (may be empty) */
    public List<RowRejection> rejections() {
        return rejections;
    }
}
