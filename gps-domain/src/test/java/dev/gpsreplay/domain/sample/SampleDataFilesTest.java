package dev.gpsreplay.domain.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.gpsreplay.domain.SeedCsvWriter;
import dev.gpsreplay.domain.TestFolders;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.domain.TrackReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample tracks committed in the repository's data folder. */
class SampleDataFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"bus-17", "taxi-42", "van-07"})
    void readsWithoutRejections(String name) {
        Path file = TestFolders.dataDir().resolve(name + ".csv");
        assertThat(file).isRegularFile();

        TrackReadResult result = TrackReader.read(file);

        assertThat(result.rejections()).isEmpty();
        assertThat(result.track().name()).isEqualTo(name);
        assertThat(result.track().duration()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(20));
        assertThat(result.track().fix(0).timestamp())
                .isBetween(Instant.parse("2024-05-14T08:00:00Z"), Instant.parse("2024-05-14T08:05:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-17", "taxi-42", "van-07"})
    void matchesWhatTheGeneratorWrites(String name) throws IOException {
        SampleTrackGenerator.Sample sample = SampleTrackGenerator.SAMPLES.stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        Path file = TestFolders.dataDir().resolve(sample.fileName());

        assertThat(Files.readString(file))
                .as("%s is out of date: regenerate data/ as data/README.md says", file)
                .isEqualTo(SeedCsvWriter.toCsv(sample.generate().fixes()));
    }
}
