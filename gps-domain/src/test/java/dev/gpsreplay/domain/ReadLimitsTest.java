package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every limit of {@link ReadLimits} turns an absurd file into a rejected row or a clear error. */
class ReadLimitsTest {

    private static final String HEADER = "timestamp,latitude,longitude\n";

    private static TrackReadResult csv(String text, ReadLimits limits) {
        return TrackReader.read("t.csv", new StringReader(text), limits);
    }

    @Test
    void aTimeOutsideTheSaneRangeIsARejectedRow() {
        TrackReadResult result = csv(
                HEADER + "2020-01-01T00:00:00Z,1,2\n+300000000-01-01T00:00:00Z,1,2\n"
                        + "-1,1,2\n2200-01-01T00:00:00Z,1,2\n",
                ReadLimits.DEFAULTS);

        assertThat(result.track().size()).isEqualTo(1);
        assertThat(result.rejections()).extracting(RowRejection::line).containsExactly(3L, 4L, 5L);
        assertThat(result.rejections()).allSatisfy(r -> {
            assertThat(r.problem()).isEqualTo(RowProblem.OUT_OF_RANGE);
            assertThat(r.reason()).contains("outside the accepted time range");
        });
    }

    @Test
    void aLineLongerThanTheLimitIsARejectedRowAndItsTextIsNotKept() {
        String longLine = "1577218887," + "1".repeat(100) + ",2";
        TrackReadResult result = csv(
                HEADER + "1577218886,1,2\n" + longLine + "\r\n1577218888,1,2\n",
                ReadLimits.DEFAULTS.withMaxLineLength(64));

        assertThat(result.track().size()).isEqualTo(2);
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.reason()).isEqualTo("the line is longer than 64 characters");
        });
    }

    @Test
    void aNumberWithTooManyDigitsIsARejectedRow() {
        TrackReadResult result =
                csv(HEADER + "1577218886,1,2\n1577218887,1." + "0".repeat(40) + ",2\n", ReadLimits.DEFAULTS);

        assertThat(result.rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("more than 32 digits"));
    }

    @Test
    void moreRowsThanTheLimitRefusesTheTrackInEveryFormat() {
        ReadLimits two = ReadLimits.DEFAULTS.withMaxRows(2);
        assertThatThrownBy(() -> csv(HEADER + "1,1,2\n2,1,2\nbad\n", two))
                .isInstanceOf(TrackTooLargeException.class)
                .hasMessageContaining("more than 2 rows");
        String nmea = String.join(
                "\n",
                NmeaWriter.sentence("GPRMC,000001,A,0100.0,N,00200.0,E,0,0,010124,,,A"),
                NmeaWriter.sentence("GPRMC,000002,A,0100.0,N,00200.0,E,0,0,010124,,,A"),
                NmeaWriter.sentence("GPRMC,000003,A,0100.0,N,00200.0,E,0,0,010124,,,A"));
        assertThatThrownBy(() -> NmeaTrackReader.read("n.nmea", new StringReader(nmea), two))
                .isInstanceOf(TrackTooLargeException.class);
        assertThat(NmeaTrackReader.read("n.nmea", new StringReader(nmea), ReadLimits.DEFAULTS.withMaxRows(3))
                        .track()
                        .size())
                .isEqualTo(3);
    }

    @Test
    void sniffingTellsTheFormatFromTheContentNotTheName() {
        assertThat(TrackFormat.sniff("\uFEFF  <?xml version=\"1.0\"?><gpx>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TrackFormat.GPX);
        assertThat(TrackFormat.sniff("\r\n$GPRMC,1*00".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TrackFormat.NMEA);
        assertThat(TrackFormat.sniff("timestamp,lat,lon".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TrackFormat.CSV);
        assertThat(TrackFormat.sniff(new byte[0])).isEqualTo(TrackFormat.CSV);
        assertThat(TrackFormat.ofMediaType("text/x-nmea; charset=US-ASCII")).contains(TrackFormat.NMEA);
        assertThat(TrackFormat.ofMediaType("Application/GPX+XML")).contains(TrackFormat.GPX);
        assertThat(TrackFormat.ofMediaType("text/plain")).isEmpty();

        String gpx = "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>"
                + "<trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>";
        assertThat(TrackReader.read(
                                "misnamed.csv",
                                TrackFormat.sniff(gpx.getBytes(StandardCharsets.UTF_8)),
                                new ByteArrayInputStream(gpx.getBytes(StandardCharsets.UTF_8)),
                                ReadLimits.DEFAULTS)
                        .track()
                        .size())
                .isEqualTo(1);
    }
}
