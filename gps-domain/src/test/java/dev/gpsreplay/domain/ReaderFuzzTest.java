package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of every track reader (#9.8): random bytes and mutated valid files, in every
 * format, either read (with each bad row a rejection) or are refused with an
 * {@link InvalidTrackException}; nothing else is ever thrown.
 */
class ReaderFuzzTest {

    private static final ReadLimits LIMITS =
            ReadLimits.DEFAULTS.withMaxRows(500).withMaxLineLength(256);

    /** Valid seed files to mutate, one per format. */
    private static final List<byte[]> SEEDS = seeds();

    @Property(tries = 300)
    void randomBytesInEveryFormat(@ForAll @Size(max = 2000) byte[] content, @ForAll TrackFormat format) {
        assertReadsOrRefuses(format, content);
    }

    @Property(tries = 300)
    void randomTextThatLooksLikeEachFormat(@ForAll("lookalikes") String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        assertReadsOrRefuses(TrackFormat.sniff(content), content);
    }

    @Property(tries = 500)
    void mutatedValidFiles(@ForAll("mutations") byte[] content) {
        assertReadsOrRefuses(TrackFormat.sniff(content), content);
    }

    private static void assertReadsOrRefuses(TrackFormat format, byte[] content) {
        try {
            TrackReadResult result = TrackReader.read(
                    "fuzz." + format.name().toLowerCase(), format, new ByteArrayInputStream(content), LIMITS);
            assertThat(result.track().size()).isPositive();
            assertThat(result.track().size() + result.rejections().size()).isLessThanOrEqualTo(LIMITS.maxRows());
            result.track().fixes().forEach(f -> {
                assertThat(f.latitude()).isBetween(-90.0, 90.0);
                assertThat(f.longitude()).isBetween(-180.0, 180.0);
                assertThat(f.timestamp()).isBetween(LIMITS.earliest(), LIMITS.latest());
            });
            result.rejections().forEach(r -> assertThat(r.reason()).isNotBlank());
        } catch (InvalidTrackException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> lookalikes() {
        Arbitrary<String> cells = Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars("0123456789.-+eE:TZ,;*$<>/\"NSEWAV ")
                        .ofMaxLength(30),
                Arbitraries.of(
                        "2020-01-01T00:00:00Z",
                        "+300000000-01-01T00:00:00Z",
                        "NaN",
                        "1e999",
                        "-27.7",
                        "GPRMC",
                        "GNGGA",
                        "GPGSA",
                        "<trkpt lat=\"1\" lon=\"2\">",
                        "<time>",
                        "</trkpt>",
                        "*7F"));
        Arbitrary<String> line = cells.list().ofMaxSize(20).map(c -> String.join(",", c));
        Arbitrary<String> prefix = Arbitraries.of(
                "timestamp,latitude,longitude\n",
                "$",
                "<gpx version=\"1.0\">",
                "<?xml version=\"1.0\"?><gpx xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>",
                "");
        return Combinators.combine(prefix, line.list().ofMaxSize(30)).as((p, lines) -> p + String.join("\n", lines));
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<int[]>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 255))
                .as((kind, at, value) -> new int[] {kind, at, value})
                .list()
                .ofMinSize(1)
                .ofMaxSize(8);
        return Combinators.combine(seed, edits).as(ReaderFuzzTest::mutate);
    }

    /** Flips, deletes, inserts or truncates bytes of a copy. */
    private static byte[] mutate(byte[] seed, List<int[]> edits) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : seed) {
            bytes.add(b);
        }
        for (int[] edit : edits) {
            if (bytes.isEmpty()) {
                break;
            }
            int at = edit[1] % bytes.size();
            switch (edit[0]) {
                case 0 -> bytes.set(at, (byte) edit[2]);
                case 1 -> bytes.remove(at);
                case 2 -> bytes.add(at, (byte) edit[2]);
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static List<byte[]> seeds() {
        List<GpsFix> fixes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fixes.add(new GpsFix(
                    Instant.parse("2024-05-14T08:00:00Z").plusSeconds(i),
                    -30 + i * 1e-4,
                    -51 + i * 1e-4,
                    10.0 + i,
                    3.0,
                    90.0,
                    5.0 + i,
                    9,
                    0.9,
                    1.2,
                    1.5,
                    0,
                    0));
        }
        StringBuilder nmea = new StringBuilder();
        fixes.forEach(f -> NmeaWriter.sentences(f).forEach(s -> nmea.append(s).append("\r\n")));
        ByteArrayOutputStream gpx = new ByteArrayOutputStream();
        try {
            GpxWriter.write("seed", fixes, gpx);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return List.of(
                SeedCsvWriter.toCsv(fixes).getBytes(StandardCharsets.UTF_8),
                nmea.toString().getBytes(StandardCharsets.US_ASCII),
                gpx.toByteArray());
    }
}
