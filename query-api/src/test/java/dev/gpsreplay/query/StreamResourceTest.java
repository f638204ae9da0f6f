package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.query.live.LiveFeeds;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live push (Server-Sent Events) against a real Redis view, read by a plain HTTP client. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class StreamResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    VehicleViewWriter writer;

    @Inject
    LiveFeeds feeds;

    @TestHTTPResource("/")
    URI base;

    @Test
    void allVehiclesStreamSendsTheCurrentStatesThenEveryNewFixInOrder() {
        ViewFixtures a = new ViewFixtures(writer, "sse-all-a");
        ViewFixtures b = new ViewFixtures(writer, "sse-all-b");
        a.write(0, 1.0);
        a.write(1, 2.0);
        b.write(0, 3.0);
        SeedEndpointsTest.awaitState("sse-all-a", 2.0f);
        SeedEndpointsTest.awaitState("sse-all-b", 3.0f);

        try (SseClient client = SseClient.open(base.resolve("stream"))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.contentType()).startsWith("text/event-stream");
            assertThat(client.next(WAIT).comment())
                    .as("the stream opens with a keep-alive comment")
                    .isEqualTo("keep-alive");

            // the current states (other tests' vehicles may be there too)
            List<JsonNode> current = new ArrayList<>();
            while (current.size() < 2) {
                SseClient.Event event = client.nextEvent(WAIT);
                assertThat(event.name()).isEqualTo("fix");
                JsonNode state = json(event.data());
                assertThat(event.id())
                        .isEqualTo(state.get("vehicle_id").asText() + ":"
                                + state.get("sequence").asLong());
                if (state.get("vehicle_id").asText().startsWith("sse-all-")) {
                    current.add(state);
                }
            }
            assertThat(current)
                    .extracting(state -> state.get("vehicle_id").asText() + ":" + state.get("sequence"))
                    .containsExactlyInAnyOrder("sse-all-a:2", "sse-all-b:1");
            JsonNode stateA = current.stream()
                    .filter(s -> s.get("vehicle_id").asText().equals("sse-all-a"))
                    .findFirst()
                    .orElseThrow();
            assertThat(stateA.get("fix").get("speed_meters_per_second").asDouble())
                    .isEqualTo(2.0);
            assertThat(stateA.get("fix").get("time").asText()).isEqualTo("2019-12-24T20:21:28.999Z");
            assertThat(stateA.get("track_position").asInt()).isEqualTo(1);

            for (int i = 2; i < 7; i++) {
                a.write(i, i + 1.0);
            }
            List<SseClient.Event> fixesOfA = new ArrayList<>();
            while (fixesOfA.size() < 5) {
                SseClient.Event event = client.nextEvent(WAIT);
                if (event.id().startsWith("sse-all-a:")) {
                    fixesOfA.add(event);
                }
            }
            assertThat(fixesOfA)
                    .extracting(SseClient.Event::id)
                    .containsExactly("sse-all-a:3", "sse-all-a:4", "sse-all-a:5", "sse-all-a:6", "sse-all-a:7");
            assertThat(fixesOfA)
                    .extracting(event -> json(event.data())
                            .get("fix")
                            .get("speed_meters_per_second")
                            .asDouble())
                    .containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
            assertThat(client.drain(Duration.ofMillis(300)))
                    .noneMatch(event -> event.id().startsWith("sse-all-a:")); // nothing repeated
        }
    }

    @Test
    void vehicleStreamSendsOnlyThatVehicle() {
        ViewFixtures one = new ViewFixtures(writer, "sse-one");
        ViewFixtures other = new ViewFixtures(writer, "sse-other");
        one.write(0, 1.0);
        other.write(0, 9.0);
        SeedEndpointsTest.awaitState("sse-one", 1.0f);
        SeedEndpointsTest.awaitState("sse-other", 9.0f);

        try (SseClient client = SseClient.open(base.resolve("vehicles/sse-one/stream"))) {
            assertThat(client.status()).isEqualTo(200);
            SseClient.Event first = client.nextEvent(WAIT);
            assertThat(first.name()).isEqualTo("fix");
            assertThat(first.id()).isEqualTo("sse-one:1");
            assertThat(json(first.data()).get("vehicle_id").asText()).isEqualTo("sse-one");

            for (int i = 1; i <= 3; i++) {
                other.write(i, 9.0);
                one.write(i, 1.0 + i);
            }
            List<String> ids = new ArrayList<>();
            while (ids.size() < 3) {
                ids.add(client.nextEvent(WAIT).id());
            }
            assertThat(ids).containsExactly("sse-one:2", "sse-one:3", "sse-one:4");
            assertThat(client.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    /**
     * The exact bytes on the wire (they come from {@code HotStreams}, a Vert.x route): Quarkus REST's
     * framing of the same events, and as data the very body of {@code GET /vehicles/{id}/state}.
     */
    @Test
    void streamFramesAreTheContractByteForByte() throws Exception {
        new ViewFixtures(writer, "sse-wire").write(0, 1.5);
        SeedEndpointsTest.awaitState("sse-wire", 1.5f);
        String state = given().get("/vehicles/sse-wire/state")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String expected = ":keep-alive\n\nid:sse-wire:1\nevent:fix\ndata:" + state + "\n\n";

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(base.resolve("vehicles/sse-wire/stream"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(response.headers().firstValue("X-SSE-Content-Type")).hasValue("application/json");
            byte[] head = new byte[expected.getBytes(StandardCharsets.UTF_8).length];
            int read = 0;
            while (read < head.length) {
                int n = body.read(head, read, head.length - read);
                assertThat(n).as("the stream ended early").isPositive();
                read += n;
            }
            assertThat(new String(head, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void aClientThatAcceptsNoEventStreamIs406() {
        new ViewFixtures(writer, "sse-406").write(0, 1.0);
        SeedEndpointsTest.awaitState("sse-406", 1.0f);
        given().accept("application/json").get("/stream").then().statusCode(406);
        given().accept("application/json")
                .get("/vehicles/sse-406/stream")
                .then()
                .statusCode(406);
    }

    @Test
    void aClosedStreamReleasesItsFeed() {
        new ViewFixtures(writer, "sse-close").write(0, 1.0);
        SeedEndpointsTest.awaitState("sse-close", 1.0f);
        int before = feeds.openFeeds();
        try (SseClient client = SseClient.open(base.resolve("vehicles/sse-close/stream"))) {
            assertThat(client.nextEvent(WAIT).id()).isEqualTo("sse-close:1");
            assertThat(feeds.openFeeds()).isEqualTo(before + 1);
        }
        await().atMost(WAIT).until(() -> feeds.openFeeds() == before);
    }

    @Test
    void unknownVehicleIs404AndMalformedIdIs400() {
        given().accept("text/event-stream")
                .get("/vehicles/sse-ghost/stream")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("sse-ghost"));
        given().accept("text/event-stream")
                .get("/vehicles/{id}/stream", "bad*id")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("vehicle_id"));
    }

    @Test
    void openApiDocumentsTheStreams() {
        JsonPath api = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String path : new String[] {"/stream", "/vehicles/{vehicle_id}/stream"}) {
            Map<String, Object> responses = api.getMap("paths.'" + path + "'.get.responses");
            assertThat(responses).as(path).containsKeys("200", "503");
            assertThat(api.getMap("paths.'" + path + "'.get.responses.'200'.content"))
                    .as(path)
                    .containsKey("text/event-stream");
            assertThat(api.getString("paths.'" + path + "'.get.description"))
                    .as(path)
                    .contains("keep-alive", "`fix`", "<vehicle_id>:<sequence>");
        }
        assertThat(api.getMap("paths.'/vehicles/{vehicle_id}/stream'.get.responses"))
                .containsKeys("400", "404");
    }

    private static JsonNode json(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
