package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPX files shaped like the ones phones, Garmin devices and OpenStreetMap traces write. */
class GpxTrackReaderTest {

    /** Garmin-style GPX 1.1: two tracks, several segments, TrackPointExtension speed/course, a point without time. */
    static final String GARMIN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="Garmin Edge 830" xmlns="http://www.topografix.com/GPX/1/1"
                 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
              <metadata><time>2024-05-14T08:00:00Z</time></metadata>
              <trk>
                <name>Morning ride</name>
                <trkseg>
                  <trkpt lat="-30.0346" lon="-51.2177">
                    <ele>10.5</ele><time>2024-05-14T08:00:00Z</time><sat>9</sat><hdop>0.9</hdop>
                    <extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>5.5</gpxtpx:speed><gpxtpx:course>90.0</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>
                  </trkpt>
                  <trkpt lat="-30.0346" lon="-51.2171">
                    <ele>11.0</ele><time>2024-05-14T08:00:10Z</time>
                    <extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>6.0</gpxtpx:speed><gpxtpx:course>91.5</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>
                  </trkpt>
                </trkseg>
                <trkseg>
                  <trkpt lat="-30.0346" lon="-51.2165"><ele>11.5</ele></trkpt>
                  <trkpt lat="-30.0340" lon="-51.2165"><ele>12.0</ele><time>2024-05-14T08:00:30Z</time></trkpt>
                </trkseg>
              </trk>
              <trk>
                <trkseg>
                  <trkpt lat="-30.0330" lon="-51.2165"><time>2024-05-14T08:00:40Z</time></trkpt>
                </trkseg>
              </trk>
            </gpx>
            """;

    private static TrackReadResult read(String name, String xml) {
        return GpxTrackReader.read(
                name, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), ReadLimits.DEFAULTS);
    }

    @Test
    void readsEveryPointOfEverySegmentWithExtensionsAndRejectsThePointWithoutTime() {
        TrackReadResult result = read("ride.gpx", GARMIN);

        List<GpsFix> fixes = result.track().fixes();
        assertThat(result.track().name()).isEqualTo("ride");
        assertThat(fixes)
                .extracting(GpsFix::timestamp)
                .containsExactly(
                        Instant.parse("2024-05-14T08:00:00Z"), Instant.parse("2024-05-14T08:00:10Z"),
                        Instant.parse("2024-05-14T08:00:30Z"), Instant.parse("2024-05-14T08:00:40Z"));
        assertThat(fixes.get(0).latitude()).isEqualTo(-30.0346);
        assertThat(fixes.get(0).longitude()).isEqualTo(-51.2177);
        assertThat(fixes.get(0).elevation()).isEqualTo(10.5);
        assertThat(fixes.get(0).satellites()).isEqualTo(9);
        assertThat(fixes.get(0).hdop()).isEqualTo(0.9);
        assertThat(fixes.get(0).speed()).isEqualTo(5.5);
        assertThat(fixes.get(0).bearing()).isEqualTo(90.0);
        assertThat(fixes.get(1).speed()).isEqualTo(6.0);
        assertThat(fixes.get(1).bearing()).isEqualTo(91.5);

        // No extension: derived from the step from the previous accepted point, on the ellipsoid.
        GpsFix third = fixes.get(2);
        double metres = Geodesy.distanceMeters(-30.0346, -51.2171, -30.0340, -51.2165);
        assertThat(third.distanceMeters()).isCloseTo(metres, within(1e-9));
        assertThat(third.elapsedTimeSeconds()).isEqualTo(20.0);
        assertThat(third.speed()).isCloseTo(metres / 20, within(1e-9));
        assertThat(third.bearing())
                .isCloseTo(Geodesy.courseDegrees(-30.0346, -51.2171, -30.0340, -51.2165), within(1e-9));
        assertThat(fixes.get(3).bearing()).isCloseTo(0.0, within(0.01)); // due north

        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("ride.gpx");
            assertThat(r.line()).isEqualTo(18);
            assertThat(r.reason()).isEqualTo("trkpt #3 has no time");
            assertThat(r.problem()).isEqualTo(RowProblem.MISSING_FIELD);
        });
    }

    @Test
    void readsGpx10SpeedAndCourseAndRejectsBadCoordinatesWithTheirLine() {
        String xml = """
                <?xml version="1.0"?>
                <gpx version="1.0" creator="GPSBabel" xmlns="http://www.topografix.com/GPX/1/0">
                <trk><trkseg>
                <trkpt lat="52.5" lon="13.4"><time>2020-01-01T10:00:00Z</time><course>45.5</course><speed>12.25</speed></trkpt>
                <trkpt lat="95.0" lon="13.4"><time>2020-01-01T10:00:01Z</time></trkpt>
                <trkpt lat="52.5001" lon="13.4001"><time>2020-01-01T10:00:02Z</time><course>46</course><speed>12.5</speed></trkpt>
                </trkseg></trk>
                </gpx>
                """;
        TrackReadResult result = read("v10.gpx", xml);

        assertThat(result.track().fixes()).extracting(GpsFix::speed).containsExactly(12.25, 12.5);
        assertThat(result.track().fixes()).extracting(GpsFix::bearing).containsExactly(45.5, 46.0);
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(5);
            assertThat(r.reason()).contains("trkpt #2").contains("lat").contains("95.0");
        });
    }

    @Test
    void playsRoutePointsWhenThereIsNoTrack() {
        String xml = """
                <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><rte>
                <rtept lat="1.0" lon="2.0"><time>2020-01-01T10:00:00Z</time></rtept>
                <rtept lat="1.001" lon="2.0"><time>2020-01-01T10:00:05Z</time></rtept>
                </rte></gpx>""";
        TrackReadResult result = read("route.gpx", xml);

        assertThat(result.track().fixes()).hasSize(2);
        assertThat(result.track().fix(1).elapsedTimeSeconds()).isEqualTo(5.0);
        // the first point moves as it does towards the second
        assertThat(result.track().fix(0).speed())
                .isEqualTo(result.track().fix(1).speed())
                .isPositive();
    }

    @Test
    void refusesDocumentsThatAreNotGpx(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> read("x.gpx", "<gpx><trk>"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> read("x.gpx", "<kml/>"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("not a GPX document");
        assertThatThrownBy(() -> read("x.gpx", "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"/>"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("no usable rows");
    }

    @Test
    void neverReadsExternalEntities(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "2020-01-01T10:00:00Z");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE gpx [<!ENTITY t SYSTEM \"" + secret.toUri() + "\">]>"
                + "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>"
                + "<trkpt lat=\"1\" lon=\"2\"><time>&t;</time></trkpt></trkseg></trk></gpx>";

        assertThatThrownBy(() -> read("xxe.gpx", xml)).isInstanceOf(InvalidTrackException.class);
    }

    @Test
    void refusesMorePointsThanTheLimitBeforeBuildingThem() {
        StringBuilder xml =
                new StringBuilder("<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>");
        for (int i = 0; i < 11; i++) {
            xml.append("<trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T10:00:")
                    .append(10 + i)
                    .append("Z</time></trkpt>");
        }
        xml.append("</trkseg></trk></gpx>");
        byte[] bytes = xml.toString().getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GpxTrackReader.read(
                        "big.gpx", new ByteArrayInputStream(bytes), ReadLimits.DEFAULTS.withMaxRows(10)))
                .isInstanceOf(TrackTooLargeException.class);
        assertThat(GpxTrackReader.read("big.gpx", new ByteArrayInputStream(bytes), ReadLimits.DEFAULTS.withMaxRows(11))
                        .track()
                        .size())
                .isEqualTo(11);
    }

    @Test
    void whatTheWriterWritesReadsBackAsTheSameFixes() throws IOException {
        List<GpsFix> fixes = read("ride.gpx", GARMIN).track().fixes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GpxWriter.write("ride", fixes, out);

        TrackReadResult back =
                GpxTrackReader.read("ride.gpx", new ByteArrayInputStream(out.toByteArray()), ReadLimits.DEFAULTS);

        assertThat(back.rejections()).isEmpty();
        assertThat(back.track().fixes())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(fixes);
    }
}
