package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rows are skipped and reported; files without any usable row are refused. */
class MalformedTrackTest {

    private static TrackReadResult read(String text) {
        return TrackReader.read("bad.csv", new StringReader(text));
    }

    @Test
    void rejectsEachKindOfBadRowAndKeepsTheGoodOnes() {
        String text = String.join(
                "\n",
                "timestamp,latitude,longitude,elevation,speed_meters_per_second,distance_meters,elapsed_time_seconds",
                "100.0,10.0,20.0,5,5.0,1.5,2.0", // 2 good (first fix)
                "101.0,,20.0,5,5.0,1.0,1.0", // 3 empty latitude
                "102.0,abc,20.0,5,5.0,1.0,1.0", // 4 latitude not a number
                "103.0,10.0,20.0,5,NaN,1.0,1.0", // 5 speed NaN
                "104.0,90.5,20.0,5,5.0,1.0,1.0", // 6 latitude beyond the pole
                "105.0,10.0,-180.01,5,5.0,1.0,1.0", // 7 longitude beyond the antimeridian
                "99.999,10.0,20.0,5,5.0,1.0,1.0", // 8 earlier than line 2
                "106.0,10.0,20.0,5,5.0,1.0", // 9 a cell short
                "", // 10 blank: skipped silently
                "100.0,10.0001,20.0,5,5.0,9.9,9.9", // 11 good: same time as line 2 is fine
                "500.0,10.0,20.0,Infinity,5.0,1.0,1.0", // 12 elevation infinite (its time must not count)
                "108.0,10.0002,20.0,5,5.0,9.9,9.9", // 13 good
                "109.0,10.0003,20.0,5,5.0,11.1,1.0", // 14 good
                "");

        TrackReadResult result = read(text);

        assertThat(result.rejections())
                .extracting(RowRejection::source, RowRejection::line)
                .containsExactly(
                        tuple("bad.csv", 3L),
                        tuple("bad.csv", 4L),
                        tuple("bad.csv", 5L),
                        tuple("bad.csv", 6L),
                        tuple("bad.csv", 7L),
                        tuple("bad.csv", 8L),
                        tuple("bad.csv", 9L),
                        tuple("bad.csv", 12L));
        assertThat(result.rejections())
                .extracting(RowRejection::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("\"latitude\"", "empty"),
                        r -> assertThat(r).contains("\"latitude\"", "\"abc\"", "not a number"),
                        r -> assertThat(r).contains("\"speed_meters_per_second\"", "\"NaN\"", "not a finite number"),
                        r -> assertThat(r).contains("\"latitude\"", "\"90.5\"", "outside -90..90"),
                        r -> assertThat(r).contains("\"longitude\"", "\"-180.01\"", "outside -180..180"),
                        r -> assertThat(r).contains("\"timestamp\"", "\"99.999\"", "earlier than the previous"),
                        r -> assertThat(r).contains("expected 7 cells", "found 6"),
                        r -> assertThat(r).contains("\"elevation\"", "\"Infinity\"", "not a finite number"));
        assertThat(result.rejections().get(0).toString()).startsWith("bad.csv:3: ");

        assertThat(result.track().fixes())
                .extracting(GpsFix::timestamp)
                .containsExactly(
                        Instant.ofEpochSecond(100),
                        Instant.ofEpochSecond(100),
                        Instant.ofEpochSecond(108),
                        Instant.ofEpochSecond(109));
    }

    @Test
    void measuresStepsFromThePreviousAcceptedFixWhenRowsWereSkipped() {
        String text = String.join(
                "\n",
                "timestamp,latitude,longitude,distance_meters,elapsed_time_seconds",
                "100.0,0.0,0.0,1.5,2.0",
                "101.0,north,0.0,1.0,1.0",
                "104.0,0.0,0.001,9.9,9.9",
                "105.0,0.0,0.002,111.0,1.0");

        TrackReadResult result = read(text);

        GpsFix first = result.track().fix(0);
        assertThat(first.elapsedTimeSeconds()).isZero();
        assertThat(first.distanceMeters())
                .as("the seed's distance of the first row is kept")
                .isEqualTo(1.5);
        GpsFix afterSkip = result.track().fix(1);
        assertThat(afterSkip.elapsedTimeSeconds()).isEqualTo(4.0);
        assertThat(afterSkip.distanceMeters()).isEqualTo(Geodesy.distanceMeters(first, afterSkip));
        GpsFix next = result.track().fix(2);
        assertThat(next.elapsedTimeSeconds())
                .as("row above accepted: the seed's own values")
                .isEqualTo(1.0);
        assertThat(next.distanceMeters()).isEqualTo(111.0);
    }

    @Test
    void anEmptyFileIsInvalid() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("bad.csv")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> read("\uFEFF\r\n  \r\n"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aHeaderWithoutRowsIsInvalid() {
        assertThatThrownBy(() -> read("timestamp,latitude,longitude\n\n"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("no usable rows")
                .hasMessageContaining("no data rows");
    }

    @Test
    void aFileWithOnlyBadRowsIsInvalidAndListsThem() {
        String text = "timestamp,latitude,longitude\n100,95,0\n101,0,x\n";

        assertThatThrownBy(() -> read(text)).isInstanceOfSatisfying(InvalidTrackException.class, e -> {
            assertThat(e.getMessage())
                    .contains("no usable rows", "2 row(s) rejected", "bad.csv:2:", "\"95\"", "bad.csv:3:", "\"x\"");
            assertThat(e.rejections()).extracting(RowRejection::line).containsExactly(2L, 3L);
        });
    }

    @Test
    void aHeaderWithoutLatitudeIsInvalid() {
        assertThatThrownBy(() -> read("time,lon,speed\n2024-05-14T08:00:00Z,10,1\n"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("no latitude")
                .hasMessageContaining("time,lon,speed")
                .satisfies(e ->
                        assertThat(((InvalidTrackException) e).rejections()).isEmpty());
    }

    @Test
    void aHeaderWithoutTimeIsInvalid() {
        assertThatThrownBy(() -> read("lat,lon\n1,2\n"))
                .isInstanceOf(InvalidTrackException.class)
                .hasMessageContaining("no time");
    }

    @Test
    void rejectsMalformedTimesAndQuoting() {
        String text = String.join(
                "\n",
                "time,lat,lon,satellites",
                "2024-05-14T08:00:00Z,1,2,7",
                "2024-05-14 08:00:01,1,2,7",
                "yesterday,1,2,7",
                "2024-05-14T08:00:02Z,1,2,7.5",
                "2024-05-14T08:00:03Z,\"1,2,7",
                "2024-05-14T08:00:04Z,1,2,8");

        TrackReadResult result = read(text);

        assertThat(result.rejections()).extracting(RowRejection::line).containsExactly(3L, 4L, 5L, 6L);
        assertThat(result.rejections().get(0).reason()).contains("\"time\"", "ISO-8601");
        assertThat(result.rejections().get(1).reason()).contains("\"yesterday\"");
        assertThat(result.rejections().get(2).reason()).contains("\"satellites\"", "whole number");
        assertThat(result.track().size()).isEqualTo(2);
    }

    @Test
    void aDecimalCommaIsOnlyAcceptedWithSemicolons() {
        TrackReadResult semicolons = read("time;lat;lon\n2024-05-14T08:00:00Z;-27,71;-51,09\n");
        assertThat(semicolons.track().fix(0).latitude()).isEqualTo(-27.71);

        TrackReadResult commas =
                read("time,lat,lon,speed\n2024-05-14T08:00:00Z,1,2,\"1,5\"\n" + "2024-05-14T08:00:01Z,1,2,1.5\n");
        assertThat(commas.rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("\"speed\"", "\"1,5\""));
    }

    @Test
    void readsAFileByPathNamingTheSourceAfterTheFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("my-track.CSV");
        Files.writeString(file, "time,lat,lon\n2024-05-14T08:00:00Z,1,2\n2024-05-14T08:00:01Z,1,200\n");

        TrackReadResult result = TrackReader.read(file);

        assertThat(result.track().name()).isEqualTo("my-track");
        assertThat(result.rejections())
                .containsExactly(new RowRejection(
                        "my-track.CSV", 3, result.rejections().get(0).reason(), RowProblem.OUT_OF_RANGE));
    }

    @Test
    void recognisesTrackFilesByName() {
        assertThat(TrackReader.isTrackFile(Path.of("data", "bus-17.csv"))).isTrue();
        assertThat(TrackReader.isTrackFile(Path.of("BUS.CSV"))).isTrue();
        assertThat(TrackReader.isTrackFile(Path.of("data", "README.md"))).isFalse();
        assertThat(TrackReader.isTrackFile(Path.of("bus.csv.bak"))).isFalse();
        assertThat(TrackReader.isTrackFile(Path.of("._bus.csv"))).isFalse();
        assertThat(TrackReader.isTrackFile(Path.of("/"))).isFalse();
    }

    @Test
    void eachRejectionSaysWhatKindOfProblemItIs() {
        String csv = String.join(
                        "\n",
                        "timestamp,latitude,longitude,satellites",
                        "1577218887.999,-27.7,-51.1,14",
                        "1577218888.999,-27.7,-51.1", // 3 cells: malformed
                        "1577218889.999,,-51.1,14", // latitude empty
                        "1577218890.999,-27.7,abc,14", // longitude not a number
                        "1577218891.999,-97.7,-51.1,14", // latitude out of range
                        "1577218880.999,-27.7,-51.1,14", // earlier than the fix before
                        "1577218892.999,-27.7,-51.1,14")
                + "\n";

        TrackReadResult result = TrackReader.read("kinds.csv", new StringReader(csv));

        assertThat(result.track().size()).isEqualTo(2);
        assertThat(result.rejections())
                .extracting(RowRejection::line, RowRejection::problem)
                .containsExactly(
                        Tuple.tuple(3L, RowProblem.MALFORMED),
                        Tuple.tuple(4L, RowProblem.MISSING_FIELD),
                        Tuple.tuple(5L, RowProblem.NOT_A_NUMBER),
                        Tuple.tuple(6L, RowProblem.OUT_OF_RANGE),
                        Tuple.tuple(7L, RowProblem.TIME_BACKWARDS));
    }
}
