package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeodesyTest {

    /** WGS84 semi-major axis, metres (the defining constant). */
    private static final double EQUATORIAL_RADIUS = 6_378_137.0;

    @Test
    void jfkToHeathrowMatchesGeographicLibsDocumentedExample() {
        // GeographicLib's own example (example-Geodesic.cpp, GeodSolve -i): s12 = 5551759.400319 m.
        assertThat(Geodesy.distanceMeters(40.6, -73.8, 51.6, -0.5)).isCloseTo(5_551_759.400319, within(1e-3));
    }

    @Test
    void equatorToPoleIsTheWgs84MeridianQuadrant() {
        assertThat(Geodesy.distanceMeters(0, 0, 90, 0)).isCloseTo(10_001_965.729, within(1e-3));
    }

    @Test
    void alongTheEquatorTheDistanceIsTheArcOfTheEquatorialCircle() {
        double oneDegree = EQUATORIAL_RADIUS * Math.PI / 180; // 111319.49 m
        assertThat(Geodesy.distanceMeters(0, 10, 0, 11)).isCloseTo(oneDegree, within(1e-6));
        assertThat(Geodesy.distanceMeters(0, 179.5, 0, -179.5))
                .as("across the antimeridian")
                .isCloseTo(oneDegree, within(1e-6));
    }

    @Test
    void isZeroForTheSamePointAndSymmetric() {
        assertThat(Geodesy.distanceMeters(-27.7178, -51.0988, -27.7178, -51.0988))
                .isZero();
        assertThat(Geodesy.distanceMeters(-27.7178, -51.0988, -27.7, -51.0))
                .isCloseTo(Geodesy.distanceMeters(-27.7, -51.0, -27.7178, -51.0988), within(1e-9));
    }

    @Test
    void measuresBetweenFixes() {
        GpsFix a = fix(40.6, -73.8);
        GpsFix b = fix(51.6, -0.5);
        assertThat(Geodesy.distanceMeters(a, b)).isEqualTo(Geodesy.distanceMeters(40.6, -73.8, 51.6, -0.5));
    }

    private static GpsFix fix(double latitude, double longitude) {
        return new GpsFix(Instant.EPOCH, latitude, longitude, null, null, null, null, null, null, null, null, 0, 0);
    }
}
