package dev.gpsreplay.domain;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Writes a fix as the three NMEA 0183 sentences a GPS receiver sends for it, with the talker id
 * {@code GP}: {@code $GPRMC} (time, date, position, speed in knots, course), {@code $GPGGA} (position,
 * satellites, HDOP, altitude) and {@code $GPGSA} (PDOP, HDOP, VDOP), each ending in its checksum. A
 * value the fix lacks is an empty field, as receivers write it. {@link NmeaTrackReader} reads them
 * back.
 */
public final class NmeaWriter {

    /** Metres per second in one knot (one nautical mile, 1852 m, per hour). */
    public static final double METERS_PER_SECOND_PER_KNOT = 1852.0 / 3600.0;

    private NmeaWriter() {}

    /**
     * @param fix a fix
     * @return its RMC, GGA and GSA sentences, without line ends
     */
    public static List<String> sentences(GpsFix fix) {
        return List.of(rmc(fix), gga(fix), gsa(fix));
    }

    /** @return {@code $GPRMC,...*hh} for the fix */
    public static String rmc(GpsFix fix) {
        ZonedDateTime time = fix.timestamp().atZone(ZoneOffset.UTC);
        return sentence(String.join(
                ",",
                "GPRMC",
                time(time),
                "A",
                latitude(fix.latitude()),
                fix.latitude() < 0 ? "S" : "N",
                longitude(fix.longitude()),
                fix.longitude() < 0 ? "W" : "E",
                fix.speed() == null ? "" : format("%.3f", fix.speed() / METERS_PER_SECOND_PER_KNOT),
                fix.bearing() == null ? "" : format("%.2f", fix.bearing()),
                format("%02d%02d%02d", time.getDayOfMonth(), time.getMonthValue(), time.getYear() % 100),
                "",
                "",
                "A"));
    }

    /** @return {@code $GPGGA,...*hh} for the fix */
    public static String gga(GpsFix fix) {
        ZonedDateTime time = fix.timestamp().atZone(ZoneOffset.UTC);
        return sentence(String.join(
                ",",
                "GPGGA",
                time(time),
                latitude(fix.latitude()),
                fix.latitude() < 0 ? "S" : "N",
                longitude(fix.longitude()),
                fix.longitude() < 0 ? "W" : "E",
                "1",
                fix.satellites() == null ? "" : format("%02d", fix.satellites()),
                number(fix.hdop(), "%.2f"),
                number(fix.elevation(), "%.2f"),
                fix.elevation() == null ? "" : "M",
                "",
                "",
                "",
                ""));
    }

    /** @return {@code $GPGSA,...*hh} for the fix (no satellite ids: the fix does not record them) */
    public static String gsa(GpsFix fix) {
        return sentence("GPGSA,A,3,,,,,,,,,,,,," + number(fix.pdop(), "%.2f") + "," + number(fix.hdop(), "%.2f") + ","
                + number(fix.vdop(), "%.2f"));
    }

    /**
     * @param body the sentence between {@code $} and {@code *}
     * @return {@code $body*hh}
     */
    public static String sentence(String body) {
        return "$" + body + "*" + checksum(body);
    }

    /**
     * @param body the characters between {@code $} and {@code *}
     * @return their NMEA checksum (exclusive or of every character), as two upper-case hex digits
     */
    public static String checksum(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return format("%02X", sum & 0xFF);
    }

    private static String time(ZonedDateTime t) {
        return format("%02d%02d%02d.%03d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }

    private static String latitude(double degrees) {
        return angle(Math.abs(degrees), "%02d");
    }

    private static String longitude(double degrees) {
        return angle(Math.abs(degrees), "%03d");
    }

    /** ddmm.mmmmmm: whole degrees, then minutes with six decimals (about 2 mm). */
    private static String angle(double degrees, String degreeFormat) {
        long microMinutes = Math.round(degrees * 60_000_000);
        long whole = microMinutes / 60_000_000;
        double minutes = (microMinutes % 60_000_000) / 1_000_000.0;
        return format(degreeFormat, whole) + format("%09.6f", minutes);
    }

    private static String number(Double value, String pattern) {
        return value == null ? "" : format(pattern, value);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
