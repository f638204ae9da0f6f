package dev.gpsreplay.domain;

import java.util.List;

/**
 * What reading a track file produced: the usable track and the rows that were skipped.
 *
 * @param track      the fixes that were read
 * @param rejections every skipped row, in file order
 */
public record TrackReadResult(Track track, List<RowRejection> rejections) {

    public TrackReadResult {
        rejections = List.copyOf(rejections);
    }
}
