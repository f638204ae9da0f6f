package dev.gpsreplay.domain;

import java.util.List;

/** A track with more rows than {@link ReadLimits#maxRows()} allows: refused whole, before it fills memory. */
public class TrackTooLargeException extends InvalidTrackException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source  the file or upload
     * @param maxRows the limit that was passed
     */
    public TrackTooLargeException(String source, int maxRows) {
        super(source + ": more than " + maxRows + " rows (the limit is " + maxRows + ")", List.of());
    }
}
