package dev.gpsreplay.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Bounds on what one track file may contain, so that a hostile or broken file costs a rejected row or
 * a clear error, never unbounded memory or an absurd value further down the line.
 *
 * @param maxRows       the most data rows (CSV rows, GPX points, NMEA sentences) a track may have; more
 *                      is a {@link TrackTooLargeException}
 * @param maxLineLength the longest line, in characters; a longer line is a rejected row (its text is not
 *                      kept)
 * @param maxDigits     the most digits one number may have; more is a rejected row
 * @param earliest      the earliest fix time accepted (inclusive); earlier is a rejected row
 * @param latest        the latest fix time accepted (exclusive); later is a rejected row
 */
public record ReadLimits(int maxRows, int maxLineLength, int maxDigits, Instant earliest, Instant latest) {

    /**
     * One million rows (a 1 Hz drive of 11 days), 4,096 characters per line, 32 digits per number, fix
     * times from 1970-01-01 (the Unix epoch: epoch seconds are never negative) to 2200-01-01.
     */
    public static final ReadLimits DEFAULTS =
            new ReadLimits(1_000_000, 4096, 32, Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z"));

    public ReadLimits {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
        if (maxRows < 1 || maxLineLength < 16 || maxDigits < 9 || !earliest.isBefore(latest)) {
            throw new IllegalArgumentException("unusable read limits: " + maxRows + " rows, " + maxLineLength
                    + " characters per line, " + maxDigits + " digits, times " + earliest + ".." + latest);
        }
    }

    /** @return these limits with another row limit */
    public ReadLimits withMaxRows(int rows) {
        return new ReadLimits(rows, maxLineLength, maxDigits, earliest, latest);
    }

    /** @return these limits with another line length limit */
    public ReadLimits withMaxLineLength(int length) {
        return new ReadLimits(maxRows, length, maxDigits, earliest, latest);
    }

    /** @return these limits with another digit limit */
    public ReadLimits withMaxDigits(int digits) {
        return new ReadLimits(maxRows, maxLineLength, digits, earliest, latest);
    }

    /** Refuses a fix time outside {@code earliest..latest}. */
    void checkTime(Instant time, String what) throws BadRowException {
        if (time.isBefore(earliest) || !time.isBefore(latest)) {
            throw new BadRowException(
                    RowProblem.OUT_OF_RANGE,
                    what + " is outside the accepted time range " + earliest + " .. " + latest);
        }
    }

    /** Refuses a number written with more than {@code maxDigits} digits. */
    void checkDigits(String text, String what) throws BadRowException {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && ++digits > maxDigits) {
                throw new BadRowException(RowProblem.OUT_OF_RANGE, what + " has more than " + maxDigits + " digits");
            }
        }
    }
}
