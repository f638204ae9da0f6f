package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the real recorded drive (shared/data/dataset_gps.csv) and checks the result against values
 * worked out here from the raw text with plain string splitting.
 */
class SeedDatasetTest {

    private static Path dataset;
    private static List<String[]> rawRows;
    private static List<String> rawHeader;
    private static TrackReadResult result;

    @BeforeAll
    static void readDataset() throws IOException {
        dataset = TestFolders.sharedDir().resolve("data/dataset_gps.csv");
        assumeTrue(Files.isRegularFile(dataset), "the shared dataset is not available at " + dataset);
        List<String> lines = Files.readAllLines(dataset).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        rawHeader = Arrays.asList(lines.get(0).split(",", -1));
        rawRows = lines.subList(1, lines.size()).stream()
                .map(l -> l.split(",", -1))
                .toList();
        result = TrackReader.read(dataset);
    }

    @Test
    void readsEveryFixWithoutRejections() {
        assertThat(rawRows).hasSize(1316);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.track().size()).isEqualTo(rawRows.size());
        assertThat(result.track().name()).isEqualTo("dataset_gps");
    }

    @Test
    void firstAndLastTimestampsAreExact() {
        Track track = result.track();
        assertThat(track.fix(0).timestamp())
                .isEqualTo(Instant.parse("2019-12-24T20:21:27.999Z"))
                .isEqualTo(rawInstant(rawRows.get(0)[column("timestamp")]));
        assertThat(track.fix(0).epochSeconds()).isEqualTo(1577218887.999);
        assertThat(track.fix(track.size() - 1).timestamp())
                .isEqualTo(rawInstant(rawRows.get(rawRows.size() - 1)[column("timestamp")]))
                .isEqualTo(Instant.parse("2019-12-24T20:43:39Z"));
    }

    @Test
    void speedsMatchTheRawColumn() {
        double[] speeds = rawRows.stream()
                .mapToDouble(r -> Double.parseDouble(r[column("speed_meters_per_second")]))
                .toArray();
        double rawMax = Arrays.stream(speeds).max().orElseThrow();
        double rawMean = Arrays.stream(speeds).sum() / speeds.length;

        TrackStats stats = TrackMetrics.over(result.track().fixes());

        assertThat(stats.fixes()).isEqualTo(1316);
        assertThat(stats.maxSpeedMetersPerSecond()).isEqualTo(rawMax).isCloseTo(26.9, within(0.05));
        assertThat(stats.averageSpeedMetersPerSecond())
                .isCloseTo(rawMean, within(1e-9))
                .isCloseTo(10.4, within(0.06));
    }

    @Test
    void keepsTheRecordedStepValuesExceptTheFirstElapsedTime() {
        int distance = column("distance_meters");
        int elapsed = column("elapsed_time_seconds");
        List<GpsFix> fixes = result.track().fixes();
        for (int i = 0; i < fixes.size(); i++) {
            assertThat(fixes.get(i).distanceMeters()).isEqualTo(Double.parseDouble(rawRows.get(i)[distance]));
            double expectedElapsed = i == 0 ? 0 : Double.parseDouble(rawRows.get(i)[elapsed]);
            assertThat(fixes.get(i).elapsedTimeSeconds()).isEqualTo(expectedElapsed);
        }
    }

    @Test
    void readsEveryModelledColumnOfARow() {
        String[] raw = rawRows.get(3);
        GpsFix fix = result.track().fix(3);
        assertThat(fix.latitude()).isEqualTo(Double.parseDouble(raw[column("latitude")]));
        assertThat(fix.longitude()).isEqualTo(Double.parseDouble(raw[column("longitude")]));
        assertThat(fix.elevation()).isEqualTo(Double.parseDouble(raw[column("elevation")]));
        assertThat(fix.accuracy()).isEqualTo(Double.parseDouble(raw[column("accuracy")]));
        assertThat(fix.bearing()).isEqualTo(Double.parseDouble(raw[column("bearing")]));
        assertThat(fix.satellites()).isEqualTo(Integer.parseInt(raw[column("satellites")]));
        assertThat(fix.hdop()).isEqualTo(Double.parseDouble(raw[column("hdop")]));
        assertThat(fix.vdop()).isEqualTo(Double.parseDouble(raw[column("vdop")]));
        assertThat(fix.pdop()).isEqualTo(Double.parseDouble(raw[column("pdop")]));
    }

    @Test
    void geodesicDistanceAgreesWithTheRecordedDistances() {
        double recorded = rawRows.stream()
                .skip(1)
                .mapToDouble(r -> Double.parseDouble(r[column("distance_meters")]))
                .sum();
        TrackStats stats = TrackMetrics.over(result.track().fixes());
        // The seed measured its steps its own way; WGS84 geodesics must agree closely over 13.8 km.
        assertThat(stats.distanceMeters()).isCloseTo(recorded, within(recorded * 0.005));
    }

    private static int column(String name) {
        int index = rawHeader.indexOf(name);
        assertThat(index).as("column %s", name).isNotNegative();
        return index;
    }

    /** "1577218887.999" to an instant, by splitting the digits rather than going through a double. */
    private static Instant rawInstant(String text) {
        BigDecimal seconds = new BigDecimal(text);
        long whole = seconds.longValue();
        long nanos =
                seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
