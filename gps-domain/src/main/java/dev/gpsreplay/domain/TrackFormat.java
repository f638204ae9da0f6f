package dev.gpsreplay.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The track file formats the readers know, and how to tell them apart by content or media type. */
public enum TrackFormat {
    /** The seed system's CSV or GPSLogger's CSV export ({@code text/csv}). */
    CSV("text/csv"),
    /** GPX 1.0 or 1.1 ({@code application/gpx+xml}). */
    GPX("application/gpx+xml"),
    /** An NMEA 0183 log ({@code application/x-nmea} or {@code text/x-nmea}). */
    NMEA("application/x-nmea");

    /** How many leading bytes {@link #sniff(byte[])} needs to decide. */
    public static final int SNIFF_BYTES = 1024;

    /** A two-row CSV track (the smallest useful upload): the example of the services' upload endpoints. */
    public static final String CSV_EXAMPLE = """
            timestamp,latitude,longitude,speed_meters_per_second
            1577218887.999,-27.71784157,-51.09886587,0.0
            1577218888.999,-27.71784152,-51.09886576,1.5
            """;

    /** The file name endings of track files (lower case), for folder sources. */
    public static final List<String> EXTENSIONS = List.of(".csv", ".gpx", ".nmea");

    private final String mediaType;

    TrackFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** @return the format's registered (or customary) media type */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The format a media type names.
     *
     * @param mediaType a Content-Type, with or without parameters such as {@code charset}
     * @return the format, or empty for a type that names none (such as {@code application/octet-stream})
     */
    public static Optional<TrackFormat> ofMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> Optional.of(CSV);
            case "application/gpx+xml" -> Optional.of(GPX);
            case "application/x-nmea", "text/x-nmea" -> Optional.of(NMEA);
            default -> Optional.empty();
        };
    }

    /**
     * Tells the format from the first bytes of a file, whatever its name: XML (after an optional
     * byte-order mark and white space) is GPX; a first line that starts with {@code $} or {@code !}
     * (an NMEA sentence) is NMEA; anything else is CSV, whose reader then says what is wrong with it.
     *
     * @param head the first {@link #SNIFF_BYTES} bytes (fewer for a short file)
     * @return the format the content is in
     */
    public static TrackFormat sniff(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        int start = text.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length()) {
            return CSV;
        }
        char first = text.charAt(start);
        if (first == '<') {
            return GPX;
        }
        return first == '$' || first == '!' ? NMEA : CSV;
    }
}
