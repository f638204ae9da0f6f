package dev.gpsreplay.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantDeserializerTest {

    /** As the services' mapper is made: the java.time module first, then the customizer. */
    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new JsonSpeedCustomizer().customize(mapper);
        return mapper;
    }

    @Test
    void readsWhatInstantWritesAsInstantParsesIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // year 0 to 9999, every fraction length Instant.toString writes (none, 3, 6, 9 digits)
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsEveryFractionLength() {
        for (String text : List.of(
                "2026-11-22T10:15:30Z",
                "2026-11-22T10:15:30.1Z",
                "2026-11-22T10:15:30.12Z",
                "2026-11-22T10:15:30.1234Z",
                "2026-11-22T10:15:30.12345Z",
                "2026-11-22T10:15:30.1234567Z",
                "2026-11-22T10:15:30.12345678Z",
                "2026-11-22T10:15:30.123456789Z",
                "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z")) {
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormToTheGeneralParser() {
        for (String text : List.of(
                "2026-11-22T10:15:30+01:00",
                "2026-11-22T10:15:30.123z",
                "2026-11-22t10:15:30Z",
                "2026-11-22T10:15:60Z",
                "2026-11-22T24:00:00Z",
                "2026-02-30T10:15:30Z",
                "2025-02-29T10:15:30Z",
                "2026-13-01T10:15:30Z",
                "2026-11-22T10:15:30.Z",
                "2026-11-22T10:15:30.1234567890Z",
                "+12026-11-22T10:15:30Z",
                "2026-11-22 10:15:30Z",
                "2026-1a-22T10:15:30Z",
                "2026-11-22T10:15:3Z",
                "")) {
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isNull();
        }
    }

    @Test
    void theMapperStillTakesOtherFormsAndRefusesWhatJacksonRefuses() throws Exception {
        ObjectMapper mapper = mapper();
        assertThat(mapper.readValue("\"2026-11-22T10:15:30.123Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(mapper.readValue("\"2026-11-22T11:15:30.123+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(mapper.readValue("1700000000.5", Instant.class))
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        assertThat(mapper.readValue("null", Instant.class)).isNull();
        assertThatThrownBy(() -> mapper.readValue("\"2026-02-30T10:15:30Z\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> mapper.readValue("\"yesterday\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void numbersReadBackExactly() throws Exception {
        ObjectMapper mapper = mapper();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            double value = (random.nextDouble() - 0.5) * 360;
            assertThat(mapper.readValue(mapper.writeValueAsString(value), Double.class))
                    .isEqualTo(value);
        }
        assertThat(mapper.readValue("52.5200661", Double.class)).isEqualTo(52.5200661);
        assertThat(mapper.writeValueAsString(13.404954)).isEqualTo("13.404954");
    }
}
