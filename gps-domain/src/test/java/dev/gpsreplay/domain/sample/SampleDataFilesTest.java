package dev.gpsreplay.domain.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.TestFolders;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.domain.TrackReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample tracks committed in the repository's data folder: three CSV files, a GPX file and an NMEA log. */
class SampleDataFilesTest {

    private static SampleTrackGenerator.Sample sample(String name) {
        return SampleTrackGenerator.SAMPLES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-17", "taxi-42", "van-07", "moto-11", "truck-03"})
    void readsWithoutRejections(String name) {
        Path file = TestFolders.dataDir().resolve(sample(name).fileName());
        assertThat(file).isRegularFile();

        TrackReadResult result = TrackReader.read(file);

        assertThat(result.rejections()).isEmpty();
        assertThat(result.track().name()).isEqualTo(name);
        assertThat(result.track().duration()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(20));
        assertThat(result.track().fix(0).timestamp())
                .isBetween(Instant.parse("2024-05-14T08:00:00Z"), Instant.parse("2024-05-14T08:05:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-17", "taxi-42", "van-07", "moto-11", "truck-03"})
    void matchesWhatTheGeneratorWrites(String name) throws IOException {
        SampleTrackGenerator.Sample sample = sample(name);
        Path file = TestFolders.dataDir().resolve(sample.fileName());

        assertThat(Files.readString(file))
                .as("%s is out of date: regenerate data/ as data/README.md says", file)
                .isEqualTo(sample.text());
    }

    /** The GPX and NMEA samples play the generated drive: the same times, positions and speeds. */
    @ParameterizedTest
    @ValueSource(strings = {"moto-11", "truck-03"})
    void playsTheGeneratedDrive(String name) {
        SampleTrackGenerator.Sample sample = sample(name);
        List<GpsFix> generated = sample.generate().fixes();

        List<GpsFix> read = TrackReader.read(TestFolders.dataDir().resolve(sample.fileName()))
                .track()
                .fixes();

        assertThat(read).hasSameSizeAs(generated);
        for (int i = 0; i < read.size(); i++) {
            GpsFix want = generated.get(i);
            GpsFix got = read.get(i);
            assertThat(got.timestamp()).isEqualTo(want.timestamp());
            assertThat(got.latitude()).isCloseTo(want.latitude(), within(1e-7));
            assertThat(got.longitude()).isCloseTo(want.longitude(), within(1e-7));
            assertThat(got.speed()).isCloseTo(want.speed(), within(1e-3));
            assertThat(got.elevation()).isCloseTo(want.elevation(), within(0.01));
        }
    }
}
