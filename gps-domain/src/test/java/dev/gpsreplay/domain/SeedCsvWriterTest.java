package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedCsvWriterTest {

    /** The header as FORMAT.md gives it for the seed system's CSV. */
    private static final String SEED_HEADER = "timestamp,latitude,longitude,elevation,accuracy,bearing,"
            + "speed_meters_per_second,satellites,provider,hdop,vdop,pdop,geoidheight,ageofdgpsdata,dgpsid,"
            + "activity,battery,annotation,distance_meters,elapsed_time_seconds";

    private static final GpsFix FULL = new GpsFix(
            Instant.parse("2019-12-24T20:21:27.999Z"),
            -27.71784157287977,
            -51.0988658712078,
            984.2761120124112,
            4.0,
            125.85696,
            0.008167012,
            14,
            0.8,
            1.6,
            1.8,
            0.0135115947340779,
            0);

    private static final GpsFix SPARSE = new GpsFix(
            Instant.parse("2019-12-24T20:21:28.999Z"),
            -27.7178415,
            -51.0988657,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0.1 + 0.2,
            1.0);

    @Test
    void writesTheSeedHeaderAndRows() {
        String csv = SeedCsvWriter.toCsv(List.of(FULL, SPARSE));

        assertThat(csv.split("\n", -1))
                .containsExactly(
                        SEED_HEADER,
                        "1577218887.999,-27.71784157287977,-51.0988658712078,984.2761120124112,4.0,125.85696,"
                                + "0.008167012,14,gps,0.8,1.6,1.8,,,,,,,0.0135115947340779,0.0",
                        "1577218888.999,-27.7178415,-51.0988657,,,,,,gps,,,,,,,,,,0.30000000000000004,1.0",
                        "");
    }

    @Test
    void writesEpochSecondsWithMilliseconds() {
        assertThat(SeedCsvWriter.epochSeconds(Instant.parse("2019-12-24T20:43:39Z")))
                .isEqualTo("1577220219.000");
        assertThat(SeedCsvWriter.epochSeconds(Instant.parse("2019-12-24T20:21:27.999Z")))
                .isEqualTo("1577218887.999");
        assertThat(SeedCsvWriter.epochSeconds(Instant.ofEpochSecond(1, 1))).isEqualTo("1.000000001");
        assertThat(SeedCsvWriter.epochSeconds(Instant.ofEpochMilli(-500))).isEqualTo("-0.500");
    }

    @Test
    void roundTripsThroughTheReader() {
        List<GpsFix> fixes = List.of(
                FULL,
                SPARSE,
                new GpsFix(
                        Instant.parse("2019-12-24T20:21:30.123456789Z"),
                        89.99999999,
                        -179.99999,
                        -12.5,
                        1e-7,
                        359.99,
                        33.333333333333336,
                        0,
                        Math.PI,
                        1.0E10,
                        0.1,
                        1234.5678,
                        1.124));

        TrackReadResult back = TrackReader.read("round.csv", new StringReader(SeedCsvWriter.toCsv(fixes)));

        assertThat(back.rejections()).isEmpty();
        assertThat(back.track().fixes()).isEqualTo(fixes);
    }

    @Test
    void roundTripsTheRealDrive(@TempDir Path folder) throws IOException {
        Path dataset = TestFolders.sharedDir().resolve("data/dataset_gps.csv");
        assumeTrue(Files.isRegularFile(dataset), "the shared dataset is not available at " + dataset);
        Track original = TrackReader.read(dataset).track();
        Path copy = folder.resolve("copy.csv");

        SeedCsvWriter.write(original, copy);
        TrackReadResult back = TrackReader.read(copy);

        assertThat(back.rejections()).isEmpty();
        assertThat(back.track().fixes()).isEqualTo(original.fixes());
    }
}
