package dev.gpsreplay.domain;

import static dev.gpsreplay.domain.NmeaWriter.sentence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NMEA 0183 logs as receivers, dashcams and chart plotters write them. */
class NmeaTrackReaderTest {

    private static TrackReadResult read(String text) {
        return NmeaTrackReader.read("drive.nmea", new StringReader(text), ReadLimits.DEFAULTS);
    }

    @Test
    void mergesTheSentencesOfEachFixWhateverTheTalkerAndRejectsABadChecksum() {
        String log = String.join(
                "\r\n",
                // fix 1: GGA, GSA, GSV, RMC (a u-blox order), GPS talker
                sentence("GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
                sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"),
                sentence("GPGSV,2,1,08,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45"),
                sentence("GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"),
                // fix 2: RMC first, then GGA, then GSA (another order), multi-constellation talker
                sentence("GNRMC,123520.00,A,4807.040,N,01131.010,E,023.0,085.0,230394,,,A"),
                sentence("GNGGA,123520.00,4807.040,N,01131.010,E,1,12,0.8,546.0,M,46.9,M,,"),
                sentence("GNGSA,A,3,04,05,,09,12,,,24,,,,,1.9,0.8,1.7"),
                "$GLGSA,A,3,65,66,,,,,,,,,,,1.9,0.8,1.7*00", // line 8: wrong checksum
                // fix 3: only an RMC (no GGA/GSA), Galileo talker, southern and western hemispheres
                sentence("GARMC,123521.500,A,3001.234,S,05112.345,W,0.0,,230394,,,A"),
                "this is not NMEA", // line 10
                sentence("GPRMC,123522.00,V,,,,,,,230394,,,N"), // line 11: no fix
                sentence("GPGGA,123523.00,4807.050,N,01131.020,E,1,08,0.9,545.4,M,46.9,M,,"), // line 12: no RMC
                "");
        TrackReadResult result = read(log);

        List<GpsFix> fixes = result.track().fixes();
        assertThat(fixes)
                .extracting(GpsFix::timestamp)
                .containsExactly(
                        Instant.parse("1994-03-23T12:35:19Z"),
                        Instant.parse("1994-03-23T12:35:20Z"),
                        Instant.parse("1994-03-23T12:35:21.500Z"));
        GpsFix first = fixes.get(0);
        assertThat(first.latitude()).isCloseTo(48 + 7.038 / 60, within(1e-12));
        assertThat(first.longitude()).isCloseTo(11 + 31.0 / 60, within(1e-12));
        assertThat(first.speed()).isCloseTo(22.4 * 1852 / 3600, within(1e-12));
        assertThat(first.bearing()).isEqualTo(84.4);
        assertThat(first.elevation()).isEqualTo(545.4);
        assertThat(first.satellites()).isEqualTo(8);
        assertThat(first.hdop()).isEqualTo(0.9);
        assertThat(first.pdop()).isEqualTo(2.5);
        assertThat(first.vdop()).isEqualTo(2.1);
        GpsFix second = fixes.get(1);
        assertThat(second.satellites()).isEqualTo(12);
        assertThat(second.pdop()).isEqualTo(1.9);
        assertThat(second.elapsedTimeSeconds()).isEqualTo(1.0);
        assertThat(second.distanceMeters()).isCloseTo(Geodesy.distanceMeters(first, second), within(1e-9));
        GpsFix third = fixes.get(2);
        assertThat(third.latitude()).isCloseTo(-(30 + 1.234 / 60), within(1e-12));
        assertThat(third.longitude()).isCloseTo(-(51 + 12.345 / 60), within(1e-12));
        assertThat(third.speed()).isEqualTo(0.0);
        assertThat(third.bearing()).isNull();
        assertThat(third.elevation()).isNull();

        assertThat(result.rejections()).extracting(RowRejection::line).containsExactly(8L, 10L, 11L, 12L);
        assertThat(result.rejections().get(0).reason()).contains("checksum *00 does not match");
        assertThat(result.rejections().get(1).reason()).contains("not an NMEA sentence");
        assertThat(result.rejections().get(2).reason()).contains("status is \"V\"");
        assertThat(result.rejections().get(3).reason()).contains("no RMC");
    }

    @Test
    void whatTheWriterWritesReadsBackAsTheSameFixes() {
        List<GpsFix> fixes = new ArrayList<>();
        fixes.add(new GpsFix(
                Instant.parse("2024-05-14T08:00:00.250Z"),
                -30.0346123,
                -51.2177456,
                12.5,
                null,
                271.25,
                13.4,
                9,
                0.9,
                1.4,
                1.7,
                0,
                0));
        fixes.add(new GpsFix(
                Instant.parse("2024-05-14T08:00:01.250Z"),
                -30.0346,
                -51.2179,
                12.75,
                null,
                270.0,
                13.9,
                10,
                0.8,
                1.3,
                1.6,
                0,
                0));
        StringBuilder log = new StringBuilder();
        fixes.forEach(f -> NmeaWriter.sentences(f).forEach(s -> log.append(s).append("\r\n")));

        TrackReadResult back = read(log.toString());

        assertThat(back.rejections()).isEmpty();
        assertThat(back.track().fixes()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            GpsFix want = fixes.get(i);
            GpsFix got = back.track().fix(i);
            assertThat(got.timestamp()).isEqualTo(want.timestamp());
            assertThat(got.latitude()).isCloseTo(want.latitude(), within(1e-7));
            assertThat(got.longitude()).isCloseTo(want.longitude(), within(1e-7));
            assertThat(got.speed()).isCloseTo(want.speed(), within(1e-3));
            assertThat(got.bearing()).isCloseTo(want.bearing(), within(0.01));
            assertThat(got.elevation()).isCloseTo(want.elevation(), within(0.01));
            assertThat(got.satellites()).isEqualTo(want.satellites());
            assertThat(got.hdop()).isEqualTo(want.hdop());
            assertThat(got.vdop()).isEqualTo(want.vdop());
            assertThat(got.pdop()).isEqualTo(want.pdop());
        }
    }

    @Test
    void checksumsAreThoseOfTheStandard() {
        // The example every NMEA reference quotes.
        assertThat(NmeaWriter.checksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))
                .isEqualTo("47");
    }

    @Test
    void aLogWithoutAUsableFixIsRefused() {
        assertThatThrownBy(() -> read("$GPGSV,1,1,00*79\n"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("no usable rows");
        assertThatThrownBy(() -> read("$GPRMC,1*00\n"))
                .isInstanceOf(InvalidTrackException.class)
                .satisfies(e ->
                        assertThat(((InvalidTrackException) e).rejections()).hasSize(1));
    }
}
