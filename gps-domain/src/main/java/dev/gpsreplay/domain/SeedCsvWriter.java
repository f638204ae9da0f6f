package dev.gpsreplay.domain;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes fixes in the seed system's 20-column CSV format, which {@link TrackReader} reads back to
 * equal fixes.
 *
 * <p>The timestamp is written as epoch seconds with (at least) millisecond digits, like
 * {@code 1577218887.999}; doubles with {@link Double#toString(double)}, which prints the shortest text
 * that parses back to the same double; null values as empty cells; {@code provider} as {@code gps};
 * the columns the domain does not model (geoidheight, ageofdgpsdata, dgpsid, activity, battery,
 * annotation) empty. Lines end with LF.
 */
public final class SeedCsvWriter {

    /** The seed system's header, in its column order. */
    public static final List<String> HEADER = List.of(
            "timestamp",
            "latitude",
            "longitude",
            "elevation",
            "accuracy",
            "bearing",
            "speed_meters_per_second",
            "satellites",
            "provider",
            "hdop",
            "vdop",
            "pdop",
            "geoidheight",
            "ageofdgpsdata",
            "dgpsid",
            "activity",
            "battery",
            "annotation",
            "distance_meters",
            "elapsed_time_seconds");

    private SeedCsvWriter() {}

    /**
     * Writes the header and one row per fix.
     *
     * @param fixes the fixes, in the order to write them
     * @param out   where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void write(List<GpsFix> fixes, Writer out) throws IOException {
        out.write(String.join(",", HEADER));
        out.write('\n');
        for (GpsFix fix : fixes) {
            out.write(row(fix));
            out.write('\n');
        }
        out.flush();
    }

    /**
     * Writes a track to a file (UTF-8, no byte-order mark), replacing the file if it exists.
     *
     * @param track the track to write
     * @param file  the file to create or replace
     * @throws IOException when writing fails
     */
    public static void write(Track track, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(track.fixes(), out);
        }
    }

    /**
     * @param fixes the fixes, in the order to write them
     * @return the CSV text for the fixes, header included
     */
    public static String toCsv(List<GpsFix> fixes) {
        StringWriter out = new StringWriter();
        try {
            write(fixes, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Epoch seconds as the seed wrote them: {@code 1577218887.999}. Written exactly from the instant
     * (no double in between), with more than three decimals only when the instant has sub-millisecond
     * precision, so that reading it back gives the same instant.
     *
     * @param instant the instant to write
     * @return the text of the timestamp cell
     */
    public static String epochSeconds(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9))
                .stripTrailingZeros();
        return seconds.setScale(Math.max(3, seconds.scale())).toPlainString();
    }

    private static String row(GpsFix fix) {
        return String.join(
                ",",
                epochSeconds(fix.timestamp()),
                Double.toString(fix.latitude()),
                Double.toString(fix.longitude()),
                text(fix.elevation()),
                text(fix.accuracy()),
                text(fix.bearing()),
                text(fix.speed()),
                fix.satellites() == null ? "" : fix.satellites().toString(),
                "gps",
                text(fix.hdop()),
                text(fix.vdop()),
                text(fix.pdop()),
                "",
                "",
                "",
                "",
                "",
                "",
                Double.toString(fix.distanceMeters()),
                Double.toString(fix.elapsedTimeSeconds()));
    }

    private static String text(Double value) {
        return value == null ? "" : value.toString();
    }
}
