package dev.gpsreplay.domain;

import java.util.Locale;

/** What kind of problem made a row unusable: a small, stable set, for counting rejections by reason. */
public enum RowProblem {
    /** The row is not well-formed CSV, or has another number of cells than the header. */
    MALFORMED,
    /** A required cell (time, latitude, longitude) is empty. */
    MISSING_FIELD,
    /** A cell that must be a number, a whole number or a time is not one (or is NaN or infinite). */
    NOT_A_NUMBER,
    /** A value outside its range: latitude beyond ±90, longitude beyond ±180, a negative distance, an absurd time. */
    OUT_OF_RANGE,
    /** The fix is earlier than the fix before it. */
    TIME_BACKWARDS;

    /** The name used in metric tags and logs, e.g. {@code time_backwards}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
