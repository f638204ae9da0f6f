package dev.gpsreplay.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Turns the text of one cell into a number or an instant, strictly: anything that is not a plain
 * finite decimal number is refused with a reason that names the column and quotes the value.
 */
final class CellParser {

    /**
     * Plain decimal notation with an optional exponent. Stricter than {@link Double#parseDouble}, which
     * would also take "NaN", "0x1p3" or "1d". The exponent is capped at three digits so that a hostile
     * cell cannot make {@link BigDecimal} build a number with millions of digits.
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** Far beyond any real track (about year 33,000), and inside {@link Instant}'s range. */
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(1_000_000_000_000L);

    private final boolean decimalComma;
    private final ReadLimits limits;

    /**
     * @param decimalComma whether "12,5" means 12.5 (only safe when the delimiter is not a comma)
     */
    CellParser(boolean decimalComma) {
        this(decimalComma, ReadLimits.DEFAULTS);
    }

    /**
     * @param decimalComma whether "12,5" means 12.5 (only safe when the delimiter is not a comma)
     * @param limits       the most digits a number may have
     */
    CellParser(boolean decimalComma, ReadLimits limits) {
        this.decimalComma = decimalComma;
        this.limits = limits;
    }

    /** A finite number, exactly as written. */
    BigDecimal exactNumber(String column, String cell) throws BadRowException {
        return new BigDecimal(decimalText(column, cell));
    }

    /** The cell as plain decimal text (see {@link #DECIMAL}), or why it is not one. */
    private String decimalText(String column, String cell) throws BadRowException {
        String text = normalised(cell);
        if (NON_FINITE.matcher(text).matches()) {
            throw new BadRowException(RowProblem.NOT_A_NUMBER, quote(column, cell) + " is not a finite number");
        }
        limits.checkDigits(text, quote(column, cell));
        if (!DECIMAL.matcher(text).matches()) {
            throw new BadRowException(RowProblem.NOT_A_NUMBER, quote(column, cell) + " is not a number");
        }
        return text;
    }

    /** The cell trimmed, with a decimal comma turned into a point when this file uses them. */
    private String normalised(String cell) {
        String text = cell.strip();
        int comma = text.indexOf(',');
        if (decimalComma && comma >= 0 && comma == text.lastIndexOf(',') && text.indexOf('.') < 0) {
            return text.replace(',', '.');
        }
        return text;
    }

    /** A finite double. */
    double number(String column, String cell) throws BadRowException {
        // parseDouble is correctly rounded, so the shortest text a double prints reads back as it.
        double value = Double.parseDouble(decimalText(column, cell));
        if (!Double.isFinite(value)) {
            // e.g. 1e999: a valid decimal, but beyond the range of a double
            throw new BadRowException(RowProblem.NOT_A_NUMBER, quote(column, cell) + " is not a finite number");
        }
        return value;
    }

    /** A whole number that fits an int ("14" or "14.0"). */
    int wholeNumber(String column, String cell) throws BadRowException {
        BigDecimal value = exactNumber(column, cell);
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new BadRowException(RowProblem.NOT_A_NUMBER, quote(column, cell) + " is not a whole number");
        }
    }

    /**
     * An instant written as Unix epoch seconds (with an optional fraction, like {@code 1577218887.999})
     * or as ISO-8601 with an offset (like {@code 2019-12-24T20:21:27.999Z}).
     */
    Instant time(String column, String cell) throws BadRowException {
        String text = normalised(cell);
        // A number never contains a colon, an ISO-8601 time always does.
        if (text.indexOf(':') >= 0) {
            limits.checkDigits(text, quote(column, cell));
            try {
                return Instant.parse(text);
            } catch (DateTimeException e) {
                throw new BadRowException(
                        RowProblem.NOT_A_NUMBER,
                        quote(column, cell)
                                + " is not an ISO-8601 instant with a zone (like 2019-12-24T20:21:27.999Z)");
            }
        }
        if (!NON_FINITE.matcher(text).matches() && !DECIMAL.matcher(text).matches()) {
            throw new BadRowException(
                    RowProblem.NOT_A_NUMBER,
                    quote(column, cell)
                            + " is neither epoch seconds nor an ISO-8601 instant (like 2019-12-24T20:21:27.999Z)");
        }
        return epochSeconds(column, cell, exactNumber(column, cell));
    }

    /** An instant written as Unix epoch milliseconds. */
    Instant epochMillis(String column, String cell) throws BadRowException {
        return epochSeconds(column, cell, exactNumber(column, cell).movePointLeft(3));
    }

    private static Instant epochSeconds(String column, String cell, BigDecimal seconds) throws BadRowException {
        if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
            throw new BadRowException(RowProblem.OUT_OF_RANGE, quote(column, cell) + " is out of range for a time");
        }
        // Exact decimal arithmetic: 1577218887.999 must become .999000000 s, not a binary approximation.
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole)
                .movePointRight(9)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    static String quote(String column, String cell) {
        return "column \"" + column + "\": \"" + cell + "\"";
    }
}
