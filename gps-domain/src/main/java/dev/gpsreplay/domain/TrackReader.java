package dev.gpsreplay.domain;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a recorded track from CSV: the seed system's export or GPSLogger for Android's.
 *
 * <p><b>Columns</b> are found by header name, trimmed and case-insensitively, so their order does not
 * matter and GPSLogger's older 15- and 18-column exports read as well as the current 24-column one.
 * Required: a time column ({@code timestamp} or {@code time}: epoch seconds with a fraction or an
 * ISO-8601 instant such as {@code 2019-12-24T20:21:27.999Z}; or {@code timestamp_ms}: epoch
 * milliseconds), {@code latitude}/{@code lat} and {@code longitude}/{@code lon}/{@code lng}. Optional,
 * with aliases: elevation ({@code ele}, {@code altitude}), accuracy, bearing ({@code course}),
 * speed ({@code speed_meters_per_second}), satellites, hdop, vdop, pdop, and the seed's
 * {@code distance_meters} and {@code elapsed_time_seconds}. Other columns are ignored.
 *
 * <p><b>Syntax</b>: the delimiter is {@code ,} or {@code ;}, whichever the header uses more; with
 * {@code ;} a decimal comma ({@code -27,71}) is accepted. UTF-8 with or without a byte-order mark,
 * LF or CRLF line ends, blank lines skipped, empty optional cells read as null. A quoted cell may not
 * span lines.
 *
 * <p><b>Bad rows</b> do not stop the reading: a row with the wrong number of cells, an empty required
 * cell, a value that is not a finite number, a latitude outside ±90, a longitude outside ±180 or a
 * time earlier than the previous accepted fix (an equal time is fine) becomes a {@link RowRejection}
 * naming the physical line (the header is line 1 of a file without leading blank lines), the column
 * and the value.
 *
 * <p><b>Distance and elapsed time</b> of each {@link GpsFix} are always measured from the previous
 * <em>accepted</em> fix. The seed's own {@code distance_meters} and {@code elapsed_time_seconds} are
 * taken as they are when the row right before was accepted; otherwise (GPSLogger, whose
 * {@code distance} is a running total, or after a rejected row) the elapsed time comes from the
 * timestamps and the distance from {@link Geodesy}. The first fix has elapsed time 0 and the seed's
 * distance when the file gives one, else 0. A missing speed stays null ({@link TrackMetrics} derives
 * one).
 */
public final class TrackReader {

    private TrackReader() {}

    /**
     * Reads a track file of any supported format (CSV, GPX or NMEA 0183), chosen by its content (see
     * {@link TrackFormat#sniff(byte[])}), with the default {@link ReadLimits}. The file name is the
     * source of rejections; without its extension, the track's name.
     *
     * @param file the track file
     * @return the track and the rows skipped
     * @throws InvalidTrackException when the file has no usable header or no usable row
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static TrackReadResult read(Path file) {
        return read(file, ReadLimits.DEFAULTS);
    }

    /**
     * Reads a track file of any supported format, chosen by its content.
     *
     * @param file   the track file
     * @param limits bounds on rows, line length, digits and times
     * @return the track and the rows skipped
     * @throws TrackTooLargeException when the file has more rows than the limit
     * @throws InvalidTrackException  when the file has no usable header or no usable row
     * @throws UncheckedIOException   when the file cannot be read
     */
    public static TrackReadResult read(Path file, ReadLimits limits) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(TrackFormat.SNIFF_BYTES);
            byte[] head = in.readNBytes(TrackFormat.SNIFF_BYTES);
            in.reset();
            return read(file.getFileName().toString(), TrackFormat.sniff(head), in, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a track in the given format.
     *
     * @param sourceName names the track in rejections (and, without its extension, is the track name)
     * @param format     the format the content is in
     * @param content    the file's bytes; not closed here
     * @param limits     bounds on rows, line length, digits and times
     * @return the track and the rows skipped
     * @throws TrackTooLargeException when the content has more rows than the limit
     * @throws InvalidTrackException  when the content is not a readable track of that format
     * @throws UncheckedIOException   when the stream fails
     */
    public static TrackReadResult read(String sourceName, TrackFormat format, InputStream content, ReadLimits limits) {
        return switch (format) {
            case CSV -> read(sourceName, new InputStreamReader(content, StandardCharsets.UTF_8), limits);
            case GPX -> GpxTrackReader.read(sourceName, content, limits);
            case NMEA ->
                NmeaTrackReader.read(sourceName, new InputStreamReader(content, StandardCharsets.US_ASCII), limits);
        };
    }

    /**
     * Reads a CSV track from text with the default {@link ReadLimits}.
     *
     * @param sourceName names the track in rejections (and, without its extension, is the track name)
     * @param reader     the CSV text; not closed here
     * @return the track and the rows skipped
     * @throws InvalidTrackException when the text has no header, no usable header or no usable row
     * @throws UncheckedIOException  when the reader fails
     */
    public static TrackReadResult read(String sourceName, Reader reader) {
        return read(sourceName, reader, ReadLimits.DEFAULTS);
    }

    /**
     * Reads a CSV track from text.
     *
     * @param sourceName names the track in rejections (and, without its extension, is the track name)
     * @param reader     the CSV text; not closed here
     * @param limits     bounds on rows, line length, digits and times
     * @return the track and the rows skipped
     * @throws TrackTooLargeException when the text has more rows than the limit
     * @throws InvalidTrackException  when the text has no header, no usable header or no usable row
     * @throws UncheckedIOException   when the reader fails
     */
    public static TrackReadResult read(String sourceName, Reader reader, ReadLimits limits) {
        try {
            return readLines(sourceName, new BoundedLineReader(reader, limits.maxLineLength()), limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName, e);
        }
    }

    /**
     * Whether a file name looks like a track this reader supports: it ends in {@code .csv}, {@code .gpx}
     * or {@code .nmea} (any case) and is not hidden (names starting with a dot, such as macOS's {@code ._bus.csv}, are not tracks).
     * Only the name is looked at.
     *
     * @param file a path whose last element is the file name
     * @return true for a supported track file name
     */
    public static boolean isTrackFile(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString().toLowerCase(Locale.ROOT);
        return TrackFormat.EXTENSIONS.stream().anyMatch(text::endsWith) && !text.startsWith(".");
    }

    private static TrackReadResult readLines(String source, BoundedLineReader in, ReadLimits limits)
            throws IOException {
        BoundedLineReader.Line headerLine = null;
        for (BoundedLineReader.Line line = in.next(); line != null; line = in.next()) {
            if (line.tooLong()) {
                throw new InvalidTrackException(
                        source + ":" + line.number() + ": the header is longer than " + limits.maxLineLength()
                                + " characters",
                        List.of());
            }
            String text = line.number() == 1 && line.text().startsWith("\uFEFF")
                    ? line.text().substring(1)
                    : line.text();
            if (!text.isBlank()) {
                headerLine = new BoundedLineReader.Line(line.number(), text);
                break;
            }
        }
        if (headerLine == null) {
            throw new InvalidTrackException(source + ": the file is empty (no header row)", List.of());
        }
        char delimiter = count(headerLine.text(), ';') > count(headerLine.text(), ',') ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreSurroundingSpaces(true)
                .get();
        TrackHeader header = TrackHeader.of(source, headerCells(source, format, headerLine));
        Assembler assembler =
                new Assembler(source, new RowParser(header, new CellParser(delimiter == ';', limits), limits), limits);
        for (BoundedLineReader.Line line = in.next(); line != null; line = in.next()) {
            if (line.tooLong()) {
                assembler.reject(
                        line.number(),
                        new BadRowException(
                                RowProblem.MALFORMED,
                                "the line is longer than " + limits.maxLineLength() + " characters"));
            } else if (!line.text().isBlank()) {
                assembler.accept(line.number(), format, line.text());
            }
        }
        return assembler.result();
    }

    private static List<String> headerCells(String source, CSVFormat format, BoundedLineReader.Line header) {
        try {
            return cells(format, header.text());
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // found by ReaderFuzzTest: an unbalanced quote in the header was an UncheckedIOException
            throw new InvalidTrackException(
                    source + ":" + header.number() + ": the header is not well-formed CSV", List.of());
        }
    }

    private static List<String> cells(CSVFormat format, String line) throws IOException {
        try (CSVParser parser = CSVParser.parse(line, format)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        }
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }

    /** Track name from a source name: the file name without its extension. */
    static String trackName(String source) {
        int dot = source.lastIndexOf('.');
        return dot > 0 ? source.substring(0, dot) : source;
    }

    /** Collects accepted fixes and rejections in file order, keeping the fixes in time order. */
    private static final class Assembler {

        private final String source;
        private final RowParser parser;
        private final List<GpsFix> fixes = new ArrayList<>();
        private final List<RowRejection> rejections = new ArrayList<>();
        private final ReadLimits limits;
        /** Whether a row was rejected after the last accepted fix (or before the first one). */
        private boolean skippedSinceLastFix;

        Assembler(String source, RowParser parser, ReadLimits limits) {
            this.source = source;
            this.parser = parser;
            this.limits = limits;
        }

        void reject(long lineNumber, BadRowException e) {
            countRow();
            rejections.add(new RowRejection(source, lineNumber, e.getMessage(), e.problem()));
            skippedSinceLastFix = true;
        }

        private void countRow() {
            if (fixes.size() + rejections.size() >= limits.maxRows()) {
                throw new TrackTooLargeException(source, limits.maxRows());
            }
        }

        void accept(long lineNumber, CSVFormat format, String line) {
            countRow();
            try {
                ParsedRow row = parser.parse(splitRow(format, line));
                fixes.add(toFix(row));
                skippedSinceLastFix = false;
            } catch (BadRowException e) {
                rejections.add(new RowRejection(source, lineNumber, e.getMessage(), e.problem()));
                skippedSinceLastFix = true;
            }
        }

        private static List<String> splitRow(CSVFormat format, String line) throws BadRowException {
            try {
                return cells(format, line);
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // In practice an unbalanced quote; commons-csv wraps its own exception when iterating.
                Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
                throw new BadRowException(RowProblem.MALFORMED, "malformed CSV: " + cause.getMessage());
            }
        }

        private GpsFix toFix(ParsedRow row) throws BadRowException {
            if (fixes.isEmpty()) {
                double distance =
                        !skippedSinceLastFix && row.recordedDistanceMeters() != null ? row.recordedDistanceMeters() : 0;
                return row.toFix(distance, 0);
            }
            GpsFix previous = fixes.get(fixes.size() - 1);
            Instant before = previous.timestamp();
            if (row.timestamp().isBefore(before)) {
                throw new BadRowException(
                        RowProblem.TIME_BACKWARDS,
                        row.timeText() + " (" + row.timestamp() + ") is earlier than the previous accepted fix ("
                                + before + ")");
            }
            // The seed's per-row values describe the step from the row just above; after a rejected
            // row that is no longer the previous fix, so measure the step instead.
            double elapsed = !skippedSinceLastFix && row.recordedElapsedTimeSeconds() != null
                    ? row.recordedElapsedTimeSeconds()
                    : seconds(Duration.between(before, row.timestamp()));
            double distance = !skippedSinceLastFix && row.recordedDistanceMeters() != null
                    ? row.recordedDistanceMeters()
                    : Geodesy.distanceMeters(
                            previous.latitude(), previous.longitude(), row.latitude(), row.longitude());
            return row.toFix(distance, elapsed);
        }

        private static double seconds(Duration duration) {
            return duration.getSeconds() + duration.getNano() / 1e9;
        }

        TrackReadResult result() {
            if (fixes.isEmpty()) {
                throw InvalidTrackException.noUsableRows(source, rejections, "there are no data rows after the header");
            }
            return new TrackReadResult(new Track(trackName(source), fixes), rejections);
        }
    }
}
