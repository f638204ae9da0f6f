package dev.gpsreplay.replayer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.NmeaWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Uploads in every format (#13): by Content-Type or recognised from the content, the skipped rows
 * listed in the 201, strict uploads, and every limit answered with a problem, never a 500 (#9.2).
 * The test profile sets replay.max-rows=5000.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class TrackUploadTest {

    private static final String GPX = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
              <trk><trkseg>
                <trkpt lat="52.36" lon="4.905"><ele>1.5</ele><time>2024-05-14T08:00:00Z</time></trkpt>
                <trkpt lat="52.3601" lon="4.905"><time>2024-05-14T08:00:01Z</time></trkpt>
                <trkpt lat="52.3602" lon="4.905"></trkpt>
                <trkpt lat="52.3603" lon="4.905"><time>2024-05-14T08:00:03Z</time></trkpt>
              </trkseg></trk>
            </gpx>
            """;

    @Inject
    VehicleViewReader view;

    private static String nmea(String... extraLines) {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            log.append(NmeaWriter.sentence("GNRMC,08000" + i + ".00,A,5221.600,N,00454.300,E,10.0,90.0,140524,,,A"))
                    .append("\r\n");
        }
        for (String line : extraLines) {
            log.append(line).append("\r\n");
        }
        return log.toString();
    }

    @Test
    void gpxUploadReplaysAndListsTheSkippedPoint() {
        given().contentType("application/gpx+xml")
                .body(GPX)
                .post("/replays?vehicle_id=gpx-up&speed=1000")
                .then()
                .statusCode(201)
                .body("vehicle_id", equalTo("gpx-up"))
                .body("format", equalTo("gpx"))
                .body("total", equalTo(3))
                .body("rows_rejected", equalTo(1))
                .body("rejected_rows", hasSize(1))
                .body("rejected_rows[0].line", equalTo(6))
                .body("rejected_rows[0].reason", equalTo("trkpt #3 has no time"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(view.track("gpx-up", 0, Long.MAX_VALUE, 10)
                                .await()
                                .atMost(Duration.ofSeconds(2)))
                        .extracting(f -> f.latitude())
                        .containsExactly(52.36, 52.3601, 52.3603));
        given().delete("/replays/gpx-up").then().statusCode(200);
    }

    @Test
    void nmeaUploadByTypeOrRecognisedFromTheContent() {
        String log = nmea("$GPRMC,080003.00,A,5221.600,N,00454.300,E,10.0,90.0,140524,,,A*00");
        for (String type : List.of("application/x-nmea", "text/x-nmea", "application/octet-stream")) {
            String id = "nmea-" + type.replaceAll("[^a-z]", "");
            given().contentType(type)
                    .body(log.getBytes(StandardCharsets.US_ASCII))
                    .post("/replays?vehicle_id=" + id + "&speed=1000")
                    .then()
                    .statusCode(201)
                    .body("format", equalTo("nmea"))
                    .body("total", equalTo(3))
                    .body("rows_rejected", equalTo(1))
                    .body("rejected_rows[0].line", equalTo(4))
                    .body("rejected_rows[0].reason", containsString("checksum"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                FixEvent state =
                        view.state(id).await().atMost(Duration.ofSeconds(2)).orElseThrow();
                assertThat(state.fix().speed()).isCloseTo(10.0 * 1852 / 3600, Assertions.within(1e-9));
            });
            given().delete("/replays/" + id).then().statusCode(200);
        }
        given().contentType("application/octet-stream")
                .body(GPX.getBytes(StandardCharsets.UTF_8))
                .post("/replays?vehicle_id=sniffed-gpx")
                .then()
                .statusCode(201)
                .body("format", equalTo("gpx"));
        given().delete("/replays/sniffed-gpx").then().statusCode(200);
    }

    @Test
    void plainTextAndContradictingTypesAreRefused() {
        given().contentType("text/plain")
                .body(nmea().getBytes(StandardCharsets.US_ASCII))
                .post("/replays?vehicle_id=plain")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().contentType("text/csv")
                .body(GPX)
                .post("/replays?vehicle_id=liar")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("looks like GPX"));
        given().get("/replays/plain").then().statusCode(404);
        given().get("/replays/liar").then().statusCode(404);
    }

    @Test
    void strictRefusesAFileWithAnyBadRowAndListsThem() {
        given().contentType("application/gpx+xml")
                .body(GPX)
                .post("/replays?vehicle_id=strict-gpx&strict=true")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("line 6")))
                .body("errors[0].reason", containsString("no time"));
        given().get("/replays/strict-gpx").then().statusCode(404);
        given().contentType("application/x-nmea")
                .body(nmea().getBytes(StandardCharsets.US_ASCII))
                .post("/replays?vehicle_id=strict-ok&strict=true")
                .then()
                .statusCode(201)
                .body("rows_rejected", equalTo(0))
                .body("rejected_rows", hasSize(0));
        given().delete("/replays/strict-ok").then().statusCode(200);
        given().contentType("application/x-nmea")
                .body(nmea().getBytes(StandardCharsets.US_ASCII))
                .post("/replays?vehicle_id=strict-x&strict=maybe")
                .then()
                .statusCode(400)
                .body("detail", containsString("strict"));
    }

    @Test
    void anAbsurdTimeIsARejectedRowNotA500() {
        String csv = """
                timestamp,latitude,longitude
                2024-05-14T08:00:00Z,1.0,2.0
                +300000000-01-01T00:00:00Z,1.0,2.0
                2024-05-14T08:00:01Z,1.0,2.0
                """;
        given().contentType("text/csv")
                .body(csv)
                .post("/replays?vehicle_id=far-future")
                .then()
                .statusCode(201)
                .body("total", equalTo(2))
                .body("rows_rejected", equalTo(1))
                .body("rejected_rows[0].line", equalTo(3))
                .body("rejected_rows[0].reason", containsString("outside the accepted time range"));
        given().delete("/replays/far-future").then().statusCode(200);
    }

    @Test
    void onlyTheFirstHundredSkippedRowsAreListedButAllAreCounted() {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude\n1715673600,1.0,2.0\n");
        for (int i = 0; i < 150; i++) {
            csv.append("1715673601,95.0,2.0\n");
        }
        given().contentType("text/csv")
                .body(csv.toString())
                .post("/replays?vehicle_id=many-bad")
                .then()
                .statusCode(201)
                .body("rows_rejected", equalTo(150))
                .body("rejected_rows", hasSize(100))
                .body("rejected_rows[99].line", equalTo(102));
        given().delete("/replays/many-bad").then().statusCode(200);
    }

    @Test
    void tooManyRowsOrTooLargeABodyIs413() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude\n");
        Instant start = Instant.parse("2024-05-14T08:00:00Z");
        for (int i = 0; i < 5001; i++) {
            csv.append(start.plusSeconds(i).getEpochSecond()).append(",1.0,2.0\n");
        }
        given().contentType("text/csv")
                .body(csv.toString())
                .post("/replays?vehicle_id=too-many")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("replay.max-rows"));
        given().get("/replays/too-many").then().statusCode(404);

        // Over quarkus.http.limits.max-body-size (8M): refused from its Content-Length, with a problem.
        // A client that sends the body straight away reads the answer only once it has written it all,
        // so the connection must stay open until then: several times, as a reset under the client
        // would lose the answer only now and then.
        byte[] huge = new byte[9 * 1024 * 1024];
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    RestAssured.baseURI + ":" + RestAssured.port + "/replays?vehicle_id=too-big"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body())
                    .contains("\"status\":413", "9437184 bytes", "quarkus.http.limits.max-body-size")
                    .contains("\"title\":\"Request Entity Too Large\""); // as the other 413s
        }
        // A client that waits for 100 Continue sends no body: the problem comes at once, then the end of
        // the connection. (Raw HTTP: Java 17's HttpClient never completes an expect-continue request
        // whose final answer has a body; curl and Java 25's do.)
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /replays?vehicle_id=too-big HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: text/csv\r\nContent-Length: 9437184\r\n"
                                    + "Expect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer)
                    .startsWith("HTTP/1.1 413 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"status\":413", "quarkus.http.limits.max-body-size");
        }
        given().get("/replays/too-big").then().statusCode(404);
    }

    @Test
    void theFolderSourceTakesGpxAndNmeaFiles() throws Exception {
        Path folder = Files.createTempDirectory("tracks");
        Files.copy(Path.of(System.getProperty("gpsreplay.data.dir"), "moto-11.gpx"), folder.resolve("moto-11.gpx"));
        Files.copy(Path.of(System.getProperty("gpsreplay.data.dir"), "truck-03.nmea"), folder.resolve("truck-03.nmea"));
        Files.writeString(folder.resolve("notes.txt"), "not a track");
        List<String> ids = dev.gpsreplay.replayer.replay.TrackLoader.load(folder, r -> {}).stream()
                .map(t -> dev.gpsreplay.replayer.replay.TrackLoader.vehicleIdOf(t.file()))
                .toList();
        assertThat(ids).containsExactly("moto-11", "truck-03");
    }
}
