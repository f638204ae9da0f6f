package dev.gpsreplay.domain;

import java.time.Instant;
import java.util.List;

/** Checks and converts the cells of one data row, using the layout given by the file's header. */
final class RowParser {

    private final TrackHeader header;
    private final CellParser cells;
    private final ReadLimits limits;

    RowParser(TrackHeader header, CellParser cells) {
        this(header, cells, ReadLimits.DEFAULTS);
    }

    RowParser(TrackHeader header, CellParser cells, ReadLimits limits) {
        this.header = header;
        this.cells = cells;
        this.limits = limits;
    }

    /**
     * @param row the row's cells
     * @return the row's values
     * @throws BadRowException when the row has the wrong number of cells, lacks a required value, or
     *                         has a value that is not a finite number, time or valid coordinate
     */
    ParsedRow parse(List<String> row) throws BadRowException {
        if (row.size() != header.width()) {
            throw new BadRowException(
                    RowProblem.MALFORMED,
                    "expected " + header.width() + " cells as in the header, found " + row.size());
        }
        TrackColumn timeColumn = timeColumn();
        Instant timestamp = timestamp(row, timeColumn);
        double latitude = coordinate(row, TrackColumn.LATITUDE, 90);
        double longitude = coordinate(row, TrackColumn.LONGITUDE, 180);
        return new ParsedRow(
                timestamp,
                CellParser.quote(
                        header.nameOf(timeColumn),
                        row.get(header.indexOf(timeColumn).orElseThrow())),
                latitude,
                longitude,
                optionalNumber(row, TrackColumn.ELEVATION),
                optionalNumber(row, TrackColumn.ACCURACY),
                optionalNumber(row, TrackColumn.BEARING),
                optionalNumber(row, TrackColumn.SPEED),
                optionalWholeNumber(row, TrackColumn.SATELLITES),
                optionalNumber(row, TrackColumn.HDOP),
                optionalNumber(row, TrackColumn.VDOP),
                optionalNumber(row, TrackColumn.PDOP),
                optionalNonNegative(row, TrackColumn.DISTANCE_FROM_PREVIOUS),
                optionalNonNegative(row, TrackColumn.ELAPSED_SINCE_PREVIOUS));
    }

    private TrackColumn timeColumn() {
        // GPSLogger writes both time and timestamp_ms; the ISO/epoch-seconds column is preferred.
        return header.has(TrackColumn.TIME) ? TrackColumn.TIME : TrackColumn.TIME_MILLIS;
    }

    private Instant timestamp(List<String> row, TrackColumn column) throws BadRowException {
        String cell = required(row, column);
        Instant time = column == TrackColumn.TIME
                ? cells.time(header.nameOf(column), cell)
                : cells.epochMillis(header.nameOf(column), cell);
        limits.checkTime(time, CellParser.quote(header.nameOf(column), cell));
        return time;
    }

    private double coordinate(List<String> row, TrackColumn column, double limit) throws BadRowException {
        String cell = required(row, column);
        double value = cells.number(header.nameOf(column), cell);
        if (value < -limit || value > limit) {
            throw new BadRowException(
                    RowProblem.OUT_OF_RANGE,
                    CellParser.quote(header.nameOf(column), cell) + " is outside -" + (int) limit + ".." + (int) limit);
        }
        return value;
    }

    private String required(List<String> row, TrackColumn column) throws BadRowException {
        String cell = row.get(header.indexOf(column).orElseThrow());
        if (cell.isBlank()) {
            throw new BadRowException(
                    RowProblem.MISSING_FIELD, "column \"" + header.nameOf(column) + "\" is empty but required");
        }
        return cell;
    }

    /** The cell, or null when the file has no such column or the cell is empty. */
    private String optional(List<String> row, TrackColumn column) {
        String cell = header.indexOf(column).map(row::get).orElse(null);
        return cell == null || cell.isBlank() ? null : cell;
    }

    private Double optionalNumber(List<String> row, TrackColumn column) throws BadRowException {
        String cell = optional(row, column);
        return cell == null ? null : cells.number(header.nameOf(column), cell);
    }

    private Integer optionalWholeNumber(List<String> row, TrackColumn column) throws BadRowException {
        String cell = optional(row, column);
        return cell == null ? null : cells.wholeNumber(header.nameOf(column), cell);
    }

    private Double optionalNonNegative(List<String> row, TrackColumn column) throws BadRowException {
        Double value = optionalNumber(row, column);
        if (value != null && value < 0) {
            throw new BadRowException(
                    RowProblem.OUT_OF_RANGE,
                    CellParser.quote(header.nameOf(column), optional(row, column)) + " is negative");
        }
        return value;
    }
}
