package dev.gpsreplay.domain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Reads an NMEA 0183 log: one fix per {@code RMC} sentence (time, date, position, speed, course),
 * merged with the {@code GGA} (altitude, satellites, HDOP) and {@code GSA} (PDOP, HDOP, VDOP) of the
 * same fix, whatever the talker ({@code GP}, {@code GN}, {@code GL}, {@code GA}, {@code BD}, ...).
 *
 * <p><b>Grouping.</b> Receivers send the sentences of one fix together, in an order of their own. The
 * sentences with a time (RMC, GGA) belong to the fix of that time; a new time closes the fix before.
 * A GSA (which has no time) belongs to the fix being collected, or, when that one already has one, to
 * the next. When several talkers report the same fix, the first sentence of each type counts. Other
 * sentences (GSV, VTG, proprietary ones, AIS) are skipped without a word.
 *
 * <p><b>Rejected lines</b> (with their line number and the reason): a line that is not a sentence,
 * a missing or wrong checksum, an RMC with a void status ({@code V}) or unreadable fields, a GGA
 * without an RMC of the same fix (it has no date), and the checks every reader makes (time range and
 * order, coordinates). Two-digit years are 1980..2079.
 */
public final class NmeaTrackReader {

    private NmeaTrackReader() {}

    /**
     * @param source names the track in rejections (and, without its extension, is the track name)
     * @param text   the log; not closed here
     * @param limits bounds on rows, line length, digits and times
     * @return the track and the lines skipped
     * @throws TrackTooLargeException when the log has more fixes (or many more lines) than the limit
     * @throws InvalidTrackException  when the log has no usable fix
     */
    public static TrackReadResult read(String source, Reader text, ReadLimits limits) {
        FixAssembler assembler = new FixAssembler(source, limits, false);
        Epochs epochs = new Epochs(assembler, limits);
        BoundedLineReader lines = new BoundedLineReader(text, limits.maxLineLength());
        // Other sentences (GSV, VTG, ...) are skipped but still bounded: a receiver sends a handful per fix.
        long maxLines = 16L * limits.maxRows();
        try {
            for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.number() > maxLines) {
                    throw new TrackTooLargeException(source, limits.maxRows());
                }
                epochs.line(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        epochs.flush();
        return assembler.result();
    }

    /** Collects the sentences of the fix under way and hands each finished fix to the assembler. */
    private static final class Epochs {

        private final FixAssembler assembler;
        private final ReadLimits limits;
        private LocalTime time;
        private Timed rmc;
        private Timed gga;
        private NmeaSentence gsa;
        private NmeaSentence nextGsa;

        Epochs(FixAssembler assembler, ReadLimits limits) {
            this.assembler = assembler;
            this.limits = limits;
        }

        /** A sentence with its line number. */
        private record Timed(long line, NmeaSentence sentence) {}

        void line(BoundedLineReader.Line line) {
            try {
                if (line.tooLong()) {
                    throw new BadRowException(
                            RowProblem.MALFORMED, "the line is longer than " + limits.maxLineLength() + " characters");
                }
                NmeaSentence sentence = NmeaSentence.parse(line.text());
                if (sentence != null) {
                    sentence(line.number(), sentence);
                }
            } catch (BadRowException e) {
                assembler.countRow();
                assembler.reject(line.number(), e.problem(), e.getMessage());
            }
        }

        private void sentence(long line, NmeaSentence s) throws BadRowException {
            switch (s.type()) {
                case "RMC", "GGA" -> timed(line, s);
                case "GSA" -> {
                    if (gsa == null) {
                        gsa = s;
                    } else if (nextGsa == null) {
                        nextGsa = s;
                    }
                }
                default -> {
                    // GSV, VTG, ZDA, proprietary sentences: nothing a fix needs
                }
            }
        }

        private void timed(long line, NmeaSentence s) throws BadRowException {
            LocalTime at = timeOfDay(s.field(1));
            if (time != null && !time.equals(at)) {
                flush();
            }
            time = at;
            if (s.type().equals("RMC") && rmc == null) {
                rmc = new Timed(line, s);
            } else if (s.type().equals("GGA") && gga == null) {
                gga = new Timed(line, s);
            }
        }

        void flush() {
            try {
                if (rmc != null) {
                    assembler.countRow();
                    fix();
                } else if (gga != null) {
                    assembler.countRow();
                    throw new BadRowException(
                            RowProblem.MISSING_FIELD,
                            "GGA at " + time + " has no RMC of the same fix (an NMEA fix needs RMC for its date)");
                }
            } catch (BadRowException e) {
                long line = rmc != null ? rmc.line() : gga.line();
                assembler.reject(line, e.problem(), e.getMessage());
            } finally {
                time = null;
                rmc = null;
                gga = null;
                gsa = nextGsa;
                nextGsa = null;
            }
        }

        private void fix() throws BadRowException {
            NmeaSentence r = rmc.sentence();
            String what = r.talker() + "RMC";
            if (!r.field(2).equals("A")) {
                throw new BadRowException(
                        RowProblem.MISSING_FIELD,
                        what + " status is \"" + r.field(2) + "\", not A: the receiver had no valid fix");
            }
            LocalDate date = date(r.field(9));
            NmeaSentence g = gga == null ? null : gga.sentence();
            Double hdop = g == null ? null : number(g.field(8), "GGA HDOP");
            if (hdop == null && gsa != null) {
                hdop = number(gsa.field(16), "GSA HDOP");
            }
            Double knots = number(r.field(7), what + " speed");
            Double satellites = g == null ? null : number(g.field(7), "GGA satellites");
            assembler.accept(
                    rmc.line(),
                    what + " at line " + rmc.line(),
                    new FixCandidate(
                            date.atTime(time).toInstant(ZoneOffset.UTC),
                            angle(r.field(3), r.field(4), "N", "S", 90, what + " latitude"),
                            angle(r.field(5), r.field(6), "E", "W", 180, what + " longitude"),
                            g == null ? null : number(g.field(9), "GGA altitude"),
                            knots == null ? null : knots * NmeaWriter.METERS_PER_SECOND_PER_KNOT,
                            number(r.field(8), what + " course"),
                            satellites == null ? null : (int) Math.min(satellites, 255),
                            hdop,
                            gsa == null ? null : number(gsa.field(17), "GSA VDOP"),
                            gsa == null ? null : number(gsa.field(15), "GSA PDOP")));
        }

        /** hhmmss or hhmmss.sss */
        private LocalTime timeOfDay(String text) throws BadRowException {
            limits.checkDigits(text, "time \"" + text + "\"");
            if (!text.matches("\\d{6}(\\.\\d{1,9})?")) {
                throw new BadRowException(RowProblem.NOT_A_NUMBER, "time \"" + text + "\" is not hhmmss.sss");
            }
            try {
                int nanos = text.length() > 7 ? Integer.parseInt((text.substring(7) + "00000000").substring(0, 9)) : 0;
                return LocalTime.of(
                        Integer.parseInt(text.substring(0, 2)),
                        Integer.parseInt(text.substring(2, 4)),
                        Integer.parseInt(text.substring(4, 6)),
                        nanos);
            } catch (DateTimeException e) {
                throw new BadRowException(RowProblem.OUT_OF_RANGE, "time \"" + text + "\" is not a time of day");
            }
        }

        /** ddmmyy, years 1980..2079 */
        private static LocalDate date(String text) throws BadRowException {
            if (!text.matches("\\d{6}")) {
                throw new BadRowException(RowProblem.MISSING_FIELD, "date \"" + text + "\" is not ddmmyy");
            }
            int year = Integer.parseInt(text.substring(4, 6));
            try {
                return LocalDate.of(
                        year < 80 ? 2000 + year : 1900 + year,
                        Integer.parseInt(text.substring(2, 4)),
                        Integer.parseInt(text.substring(0, 2)));
            } catch (DateTimeException e) {
                throw new BadRowException(RowProblem.OUT_OF_RANGE, "date \"" + text + "\" is not a date");
            }
        }

        /** ddmm.mmmm (or dddmm.mmmm) with its hemisphere letter, as signed degrees. */
        private double angle(String text, String hemisphere, String positive, String negative, int bound, String what)
                throws BadRowException {
            Double value = number(text, what);
            if (value == null) {
                throw new BadRowException(RowProblem.MISSING_FIELD, what + " is empty");
            }
            double degrees = Math.floor(value / 100);
            double minutes = value - degrees * 100;
            if (value < 0 || minutes >= 60 || degrees > bound) {
                throw new BadRowException(RowProblem.OUT_OF_RANGE, what + " \"" + text + "\" is not a valid angle");
            }
            if (!hemisphere.equals(positive) && !hemisphere.equals(negative)) {
                throw new BadRowException(
                        RowProblem.MALFORMED,
                        what + " hemisphere \"" + hemisphere + "\" is not " + positive + " or " + negative);
            }
            double signed = degrees + minutes / 60;
            return hemisphere.equals(negative) ? -signed : signed;
        }

        /** A decimal field, or null when it is empty. */
        private Double number(String text, String what) throws BadRowException {
            if (text.isEmpty()) {
                return null;
            }
            limits.checkDigits(text, what + " \"" + text + "\"");
            if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                throw new BadRowException(RowProblem.NOT_A_NUMBER, what + " \"" + text + "\" is not a number");
            }
            return Double.parseDouble(text);
        }
    }
}
