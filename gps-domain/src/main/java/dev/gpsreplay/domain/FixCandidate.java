package dev.gpsreplay.domain;

import java.time.Instant;

/**
 * The values one GPX point or one NMEA fix gave, before they are checked and measured against the
 * previous fix; optional values are null when the file has none.
 */
record FixCandidate(
        Instant time,
        double latitude,
        double longitude,
        Double elevation,
        Double speed,
        Double bearing,
        Integer satellites,
        Double hdop,
        Double vdop,
        Double pdop) {}
