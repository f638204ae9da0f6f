package dev.gpsreplay.query.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.event.JsonCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reasons a record is refused with, made only for a record that fails. */
class FixEventValidatorTest {

    // a codec outside CDI as LiveView makes one: the modules on the classpath, Java time among them
    private final FixEventValidator validator =
            new FixEventValidator(new JsonCodec(new ObjectMapper().findAndRegisterModules()));

    private static String event(String vehicle, String emittedAt, double latitude, String hdop) {
        return """
                {"schema_version":2,"vehicle_id":"%s","run_id":"run-1","sequence":3,"track_position":2,\
                "track_size":10,"emitted_at":"%s","fix":{"time":"2024-05-14T08:00:00Z","latitude":%s,\
                "longitude":-51.2287002,"hdop":%s,"distance_meters":0.0,"elapsed_time_seconds":1.0}}""".formatted(vehicle, emittedAt, latitude, hdop);
    }

    private static final String NOW = Instant.now().toString();

    @Test
    void aValidRecordIsItsEvent() {
        assertThat(validator
                        .validate("bus-17", event("bus-17", NOW, -30.5, "1.0"))
                        .sequence())
                .isEqualTo(3);
    }

    @Test
    void eachRefusalSaysWhatAndWhichValue() {
        assertThatThrownBy(() -> validator.validate("bus-17", event("bus-17", NOW, 91.5, "1.0")))
                .isInstanceOf(InvalidFixEventException.class)
                .hasMessage("fix.latitude must be within [-90, 90], got 91.5");
        assertThatThrownBy(() -> validator.validate("bus-17", event("bus-17", NOW, -30.5, "-2.0")))
                .hasMessage("fix.hdop must be a finite, non-negative number, got -2.0");
        assertThatThrownBy(() -> validator.validate("taxi-42", event("bus-17", NOW, -30.5, "1.0")))
                .hasMessage("the record key 'taxi-42' is not the vehicle_id 'bus-17'");
        assertThatThrownBy(() -> validator.validate("bus-17", event("bus-17", "1999-12-31T23:59:59Z", -30.5, "1.0")))
                .hasMessage("emitted_at must be between 2000-01-01T00:00:00Z and now + PT24H,"
                        + " got 1999-12-31T23:59:59Z");
    }
}
