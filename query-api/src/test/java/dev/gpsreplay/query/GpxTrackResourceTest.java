package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.ReadLimits;
import dev.gpsreplay.domain.TrackFormat;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.domain.TrackReader;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;

/**
 * GPX out (#13): {@code /vehicles/{id}/track.gpx} is a GPX 1.1 document that validates against the
 * schema and reads back through the project's GPX reader as the same fixes, with /track's limits.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class GpxTrackResourceTest {

    @Inject
    VehicleViewWriter writer;

    @Test
    void theHistoryIsAValidGpxDocumentThatReadsBackAsTheSameFixes() throws Exception {
        ViewFixtures bus = new ViewFixtures(writer, "gpx-out");
        List<GpsFix> written = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            written.add(bus.write(i, 2.0 + i).fix());
        }
        awaitSpeed("gpx-out", 9.0f);

        byte[] gpx = given().get("/vehicles/gpx-out/track.gpx")
                .then()
                .statusCode(200)
                .contentType("application/gpx+xml")
                .header("Content-Disposition", containsString("gpx-out.gpx"))
                .extract()
                .asByteArray();

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/gpx-1.1.xsd"))
                .newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(gpx)));
        TrackReadResult back =
                TrackReader.read("gpx-out.gpx", TrackFormat.GPX, new ByteArrayInputStream(gpx), ReadLimits.DEFAULTS);
        assertThat(back.rejections()).isEmpty();
        assertThat(back.track().fixes()).hasSameSizeAs(written);
        for (int i = 0; i < written.size(); i++) {
            GpsFix want = written.get(i);
            GpsFix got = back.track().fix(i);
            assertThat(got.timestamp()).isEqualTo(want.timestamp());
            // jpx writes 12 fraction digits: far below a millimetre
            assertThat(got.latitude()).isCloseTo(want.latitude(), within(1e-11));
            assertThat(got.longitude()).isCloseTo(want.longitude(), within(1e-11));
            assertThat(got.elevation()).isCloseTo(want.elevation(), within(1e-9));
            assertThat(got.speed()).isEqualTo(want.speed());
            assertThat(got.bearing()).isEqualTo(want.bearing());
            assertThat(got.satellites()).isEqualTo(want.satellites());
            assertThat(got.hdop()).isEqualTo(want.hdop());
            assertThat(got.vdop()).isEqualTo(want.vdop());
            assertThat(got.pdop()).isEqualTo(want.pdop());
            if (i > 0) {
                assertThat(got.distanceMeters())
                        .isCloseTo(dev.gpsreplay.domain.Geodesy.distanceMeters(written.get(i - 1), want), within(1e-6));
            }
        }

        byte[] window = given().queryParam("from", "2019-12-24T20:21:29.999Z")
                .queryParam("limit", 3)
                .get("/vehicles/gpx-out/track.gpx")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(TrackReader.read("w.gpx", TrackFormat.GPX, new ByteArrayInputStream(window), ReadLimits.DEFAULTS)
                        .track()
                        .fixes())
                .extracting(GpsFix::timestamp)
                .containsExactly(
                        written.get(2).timestamp(),
                        written.get(3).timestamp(),
                        written.get(4).timestamp());
    }

    @Test
    void badParametersAndUnknownVehiclesAreProblems() {
        new ViewFixtures(writer, "gpx-bad").write(0, 1.0);
        awaitSpeed("gpx-bad", 1.0f);
        given().get("/vehicles/gpx-bad/track.gpx?limit=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/vehicles/gpx-bad/track.gpx?limit=100000000").then().statusCode(400);
        given().get("/vehicles/gpx-bad/track.gpx?from=yesterday").then().statusCode(400);
        given().get("/vehicles/gpx-bad/track.gpx?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z")
                .then()
                .statusCode(400);
        given().get("/vehicles/ghost/track.gpx").then().statusCode(404).contentType("application/problem+json");
    }

    /** Until the live view has the vehicle's last fix (generous: a loaded machine answers slowly). */
    private static void awaitSpeed(String vehicleId, float speed) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/vehicles/" + vehicleId + "/state")
                        .then()
                        .statusCode(200)
                        .body("fix.speed_meters_per_second", equalTo(speed)));
    }
}
