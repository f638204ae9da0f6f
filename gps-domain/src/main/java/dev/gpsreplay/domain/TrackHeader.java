package dev.gpsreplay.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where each known column sits in a track file, worked out from its header row. */
final class TrackHeader {

    /** Header cells as the file spells them (trimmed), for messages. */
    private final List<String> spelled;

    private final Map<TrackColumn, Integer> indexes;

    private TrackHeader(List<String> spelled, Map<TrackColumn, Integer> indexes) {
        this.spelled = spelled;
        this.indexes = indexes;
    }

    /**
     * Reads the header cells (names are matched trimmed and case-insensitively; for a column listed
     * twice the first wins).
     *
     * @throws InvalidTrackException when there is no time, latitude or longitude column
     */
    static TrackHeader of(String source, List<String> cells) {
        List<String> spelled = cells.stream().map(String::strip).toList();
        List<String> names =
                spelled.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        Map<TrackColumn, Integer> indexes = new EnumMap<>(TrackColumn.class);
        for (TrackColumn column : TrackColumn.values()) {
            for (String alias : column.names()) {
                int index = names.indexOf(alias);
                if (index >= 0) {
                    indexes.put(column, index);
                    break;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        if (!indexes.containsKey(TrackColumn.TIME) && !indexes.containsKey(TrackColumn.TIME_MILLIS)) {
            missing.add("time (one of " + String.join(", ", TrackColumn.TIME.names()) + ", "
                    + String.join(", ", TrackColumn.TIME_MILLIS.names()) + ")");
        }
        for (TrackColumn required : List.of(TrackColumn.LATITUDE, TrackColumn.LONGITUDE)) {
            if (!indexes.containsKey(required)) {
                missing.add(required.name().toLowerCase(Locale.ROOT) + " (one of " + String.join(", ", required.names())
                        + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidTrackException(
                    source + ": the header has no " + String.join(", no ", missing) + " column; header was: "
                            + String.join(",", spelled),
                    List.of());
        }
        return new TrackHeader(spelled, indexes);
    }

    /** Number of cells every row must have. */
    int width() {
        return spelled.size();
    }

    /** Index of the column in a row, if the file has it. */
    Optional<Integer> indexOf(TrackColumn column) {
        return Optional.ofNullable(indexes.get(column));
    }

    /** The column's name as this file's header spells it, for messages. */
    String nameOf(TrackColumn column) {
        return spelled.get(indexes.get(column));
    }

    boolean has(TrackColumn column) {
        return indexes.containsKey(column);
    }
}
