package dev.gpsreplay.domain;

import java.util.List;

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

    /** @return the rows that were rejected before the reader gave up (may be empty) */
    public List<RowRejection> rejections() {
        return rejections;
    }
}
