package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpsreplay.testsupport.RedisServer;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fleet dashboard in a real headless Chromium, against the real replayer and query-api jars:
 * one marker per vehicle; clicking a marker selects it and its track and charts fill; Pause stops
 * its replay (PAUSED in the replayer's GET /replays, and no more fixes) and Resume goes on; a
 * speed change and a seek show in /replays; a replayer error is shown with its detail; an uploaded
 * file becomes a new vehicle on the map, and Delete stops it; hovering a chart marks the map.
 * Every control goes through query-api's /replayer proxy with the token the page keeps in
 * localStorage. A screenshot goes to target/dashboard.png.
 */
class DashboardIT {

    private static final List<String> TRACKS = List.of("bus-17", "taxi-42", "van-07");
    private static final String SELECTED = "taxi-42";
    private static final String UPLOADED = "it-upload";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String operatorToken(Path script, Path keys) throws Exception {
        Process process = new ProcessBuilder("bash", script.toString(), keys.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (process.waitFor() != 0 || token.isEmpty()) {
            throw new IllegalStateException(script + " failed with exit code " + process.exitValue());
        }
        return token;
    }

    @Test
    void theDashboardShowsTheFleetAndOperatesItsReplays() throws Exception {
        boolean ci = System.getenv("CI") != null;
        assumeTrue(
                ci || Files.isExecutable(HeadlessChromium.BINARY),
                "Debian's chromium is not installed (apt-get install chromium); CI installs it");
        Path tracks = Files.createTempDirectory("gps-replay-dashboard");
        Path data = Path.of(System.getProperty("gpsreplay.data.dir"));
        for (String track : TRACKS) {
            Files.copy(data.resolve(track + ".csv"), tracks.resolve(track + ".csv"));
        }
        Path upload = Files.createTempDirectory("gps-replay-upload").resolve(UPLOADED + ".csv");
        Files.copy(data.resolve("van-07.csv"), upload);
        // A real operator token, as a user gets it: scripts/operator-token.sh makes the key pair and
        // signs the token; the replayer verifies it with the public key.
        Path keys = Files.createTempDirectory("gps-replay-keys");
        String token = operatorToken(data.getParent().resolve("scripts/operator-token.sh"), keys);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            RedisServer redis = RedisServer.start();
            started.add(redis);
            ServiceProcess replayer = ServiceProcess.start(
                    "replayer",
                    Map.of(
                            "QUARKUS_REDIS_HOSTS",
                            redis.uri(),
                            "REPLAY_SINK",
                            "redis",
                            "REPLAY_SOURCE",
                            tracks.toString(),
                            "REPLAY_SPEED",
                            "5",
                            "REPLAY_LOOP",
                            "true",
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                            keys.resolve("publicKey.pem").toString()));
            started.add(replayer);
            ServiceProcess queryApi = ServiceProcess.start(
                    "query-api", Map.of("QUARKUS_REDIS_HOSTS", redis.uri(), "QUERY_REPLAYER_URL", replayer.baseUri()));
            started.add(queryApi);
            HeadlessChromium browser = HeadlessChromium.open(queryApi.baseUri() + "/");
            started.add(browser);
            Page page = new Page(browser, replayer.baseUri(), queryApi.baseUri(), upload);
            browser.evaluate("localStorage.setItem('gpsreplay.token', '" + token + "')");

            oneMarkerPerVehicle(page);
            wholeFleetStaysInView(page);
            clickingAMarkerSelectsItsVehicle(page);
            pauseStopsTheVehicleAndResumeGoesOn(page);
            speedAndSeekShowInTheReplays(page);
            aReplayerErrorIsShownWithItsDetail(page);
            anUploadedFileBecomesAVehicleAndDeleteStopsIt(page);
            hoveringAChartMarksThePointOnTheMap(page);

            Path screenshot = Path.of("target", "dashboard.png");
            await().atMost(WAIT).until(() -> page.number("#map", "trackPoints") >= 2);
            browser.screenshot(screenshot);
            assertThat(Files.size(screenshot)).isPositive();
        } finally {
            Collections.reverse(started);
            for (AutoCloseable part : started) {
                part.close();
            }
        }
    }

    private static void oneMarkerPerVehicle(Page page) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(page.markers()).containsExactlyInAnyOrderElementsOf(TRACKS);
            assertThat(page.number("#map", "markers")).isEqualTo(TRACKS.size());
        });
        assertThat(page.vehicleIds()).containsExactlyInAnyOrderElementsOf(TRACKS);
        assertThat(page.browser.evaluate("document.getElementById('connection').dataset.state"))
                .isEqualTo("live");
    }

    /**
     * Soon after the first states the dashboard picks a vehicle by itself and loads its history. A
     * user who asked for the whole fleet while that history was still on its way keeps the whole
     * fleet: no marker leaves the map. A second of network latency (the page reloaded under it)
     * makes sure the click comes while the history loads.
     */
    private static void wholeFleetStaysInView(Page page) {
        page.browser.latency(1000);
        page.browser.reload();
        await().atMost(WAIT).until(() -> page.number("#map", "markers") == TRACKS.size());
        page.browser.click("#fit-fleet");
        await().atMost(WAIT)
                .until(() -> page.data("#dashboard", "vehicle") != null
                        && String.valueOf(page.browser.evaluate("document.getElementById('history-state').textContent"))
                                .contains("history,"));
        page.browser.latency(0);
        assertThat(page.browser.evaluate("(() => { const map = document.getElementById('map').getBoundingClientRect();"
                        + " return [...document.querySelectorAll('.vehicle-marker')].filter((marker) => {"
                        + " const r = marker.getBoundingClientRect();"
                        + " return r.left < map.left || r.right > map.right || r.top < map.top || r.bottom > map.bottom;"
                        + " }).map((marker) => marker.dataset.vehicle).join(','); })()"))
                .as("markers outside the map")
                .isEqualTo("");
    }

    private static void clickingAMarkerSelectsItsVehicle(Page page) {
        page.browser.click(".vehicle-marker[data-vehicle='" + SELECTED + "']");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(page.browser.evaluate("document.getElementById('dashboard').dataset.vehicle"))
                                .isEqualTo(SELECTED));
        int before = page.number("#map", "trackPoints");
        // 5 fixes a second arrive over SSE: the track, the charts and the table grow
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(page.number("#map", "trackPoints")).isGreaterThan(Math.max(before, 1));
            for (String chart : List.of("#chart-speed", "#chart-elevation", "#chart-distance")) {
                assertThat(page.number(chart, "points")).as(chart).isGreaterThan(1);
            }
            assertThat(page.number("#fix-table", "rows")).isPositive();
        });
    }

    private static void pauseStopsTheVehicleAndResumeGoesOn(Page page) {
        // from here on the page's calls are kept for a failure's message (the browser keeps 250 by default)
        // and every message it shows, though each fades after a while
        page.browser.evaluate(
                "(() => { performance.clearResourceTimings(); performance.setResourceTimingBufferSize(10000);"
                        + " window.gpsReplayShown = []; new MutationObserver((changes) => changes.forEach((c) =>"
                        + " c.addedNodes.forEach((n) => window.gpsReplayShown.push(n.textContent))))"
                        + ".observe(document.getElementById('messages'), {childList: true}); return true; })()");
        await().atMost(WAIT)
                .until(() -> "pause".equals(page.data("#toggle-play", "action")) && page.enabled("#toggle-play"));
        page.browser.click("#toggle-play");
        page.awaitState(SELECTED, "PAUSED");
        await().atMost(WAIT).until(() -> "PAUSED".equals(page.data("#replay-state", "state")));
        // a fix already on its way when the pause came may still land: let another vehicle move on a
        // few fixes first, then take the paused one's counts, which must not change while the other
        // vehicle moves ten fixes further
        long settled = page.sequence("bus-17") + 3;
        await().atMost(WAIT).until(() -> page.sequence("bus-17") >= settled);
        long emitted = page.replay(SELECTED).getLong("fixes_emitted");
        long sequence = page.sequence(SELECTED);
        await().atMost(WAIT).until(() -> page.sequence("bus-17") >= settled + 10);
        assertThat(page.replay(SELECTED).getLong("fixes_emitted")).isEqualTo(emitted);
        assertThat(page.sequence(SELECTED)).isEqualTo(sequence);

        await().atMost(WAIT)
                .until(() -> "resume".equals(page.data("#toggle-play", "action")) && page.enabled("#toggle-play"));
        page.browser.click("#toggle-play");
        page.awaitState(SELECTED, "PLAYING");
        await().atMost(WAIT).until(() -> page.sequence(SELECTED) > sequence);
        assertThat(page.replay(SELECTED).getLong("fixes_emitted")).isGreaterThan(emitted);
    }

    private static void speedAndSeekShowInTheReplays(Page page) {
        await().atMost(WAIT).until(() -> page.enabled("#speed-apply"));
        page.browser.type("#speed-input", "7");
        page.browser.click("#speed-apply");
        await().atMost(WAIT).until(() -> page.replay(SELECTED).getDouble("speed") == 7.0);
        await().atMost(WAIT)
                .until(() -> String.valueOf(
                                page.browser.evaluate("document.getElementById('replay-state').textContent"))
                        .contains("7×"));

        await().atMost(WAIT)
                .until(() -> "pause".equals(page.data("#toggle-play", "action")) && page.enabled("#toggle-play"));
        page.browser.click("#toggle-play"); // pause, so that the position stays where the seek puts it
        page.awaitState(SELECTED, "PAUSED");
        // the page has taken the answer and enabled its controls again
        await().atMost(WAIT).until(() -> "PAUSED".equals(page.data("#replay-state", "state")) && page.enabled("#seek"));
        page.browser.evaluate("(() => { const seek = document.getElementById('seek'); seek.value = '5';"
                + " seek.dispatchEvent(new Event('change')); })()"); // as a user's drag ends
        await().atMost(WAIT).until(() -> page.replay(SELECTED).getInt("position") == 5);
        await().atMost(WAIT)
                .until(() -> "resume".equals(page.data("#toggle-play", "action")) && page.enabled("#toggle-play"));
        page.browser.click("#toggle-play");
        page.awaitState(SELECTED, "PLAYING");
    }

    private static void aReplayerErrorIsShownWithItsDetail(Page page) {
        await().atMost(WAIT).until(() -> page.enabled("#speed-apply"));
        page.browser.type("#speed-input", "0");
        page.browser.click("#speed-apply");
        // the replayer's own 400 problem: "factor must be between 0.001 and ..."
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(String.valueOf(
                                page.browser.evaluate("document.getElementById('messages').textContent")))
                        .contains("(400)")
                        .contains("factor must be between"));
        assertThat(page.replay(SELECTED).getDouble("speed")).isEqualTo(7.0);
    }

    private static void anUploadedFileBecomesAVehicleAndDeleteStopsIt(Page page) {
        page.browser.setFileInput("#upload-file", page.upload());
        await().atMost(WAIT)
                .until(() -> UPLOADED.equals(page.browser.evaluate("document.getElementById('upload-vehicle').value")));
        page.browser.click("#upload-submit");
        await().atMost(WAIT).until(() -> "ok".equals(page.data("#upload-result", "state")));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(page.markers()).contains(UPLOADED).hasSize(TRACKS.size() + 1);
            assertThat(page.vehicleIds()).contains(UPLOADED);
        });
        assertThat(page.replay(UPLOADED).getString("source")).isNotBlank();
        // the page selects the vehicle it started
        await().atMost(WAIT)
                .until(() ->
                        UPLOADED.equals(page.browser.evaluate("document.getElementById('dashboard').dataset.vehicle")));

        await().atMost(WAIT).until(() -> page.enabled("#delete-replay"));
        page.browser.click("#delete-replay");
        page.browser.click("#delete-replay"); // the second click confirms
        await().atMost(WAIT)
                .until(() -> page.replays().getList("vehicle_id").stream().noneMatch(UPLOADED::equals));
    }

    private static void hoveringAChartMarksThePointOnTheMap(Page page) {
        page.browser.click("button[data-vehicle='" + SELECTED + "']");
        await().atMost(WAIT).until(() -> page.number("#chart-speed", "points") > 2);
        page.browser.hover("#chart-speed .u-over");
        await().atMost(WAIT)
                .until(() -> !String.valueOf(page.browser.evaluate("document.getElementById('map').dataset.hoverIndex"))
                        .isEmpty());
        assertThat(page.browser.evaluate("document.querySelectorAll('#map .hover-point').length"))
                .isEqualTo(1);
    }

    /** What the test reads: the page's DOM, the replayer's /replays and query-api's view. */
    private record Page(HeadlessChromium browser, String replayerUri, String queryApiUri, Path upload) {

        Set<String> markers() {
            Object ids = browser.evaluate(
                    "[...document.querySelectorAll('#map .vehicle-marker')].map(m => m.dataset.vehicle).join(',')");
            return ids == null || ids.toString().isEmpty()
                    ? Set.of()
                    : new HashSet<>(List.of(ids.toString().split(",")));
        }

        Set<String> vehicleIds() {
            return new HashSet<>(given().get(queryApiUri + "/vehicles")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("vehicle_id"));
        }

        /**
         * Waits until the replayer reports {@code state} for the vehicle's replay, as a button click
         * asked; otherwise fails with what the page told its user (a refused or failed call shows there).
         */
        void awaitState(String vehicleId, String state) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(replay(vehicleId).getString("state"))
                            .as(
                                    "%s's replay; the page's messages: %s; its calls to the replayer: %s",
                                    vehicleId, messages(), replayerCalls())
                            .isEqualTo(state));
        }

        /**
         * The page's finished calls to the replayer's API, oldest first: path, status, milliseconds
         * (a call still on its way is not listed). A failed assertion says what the page sent.
         */
        String replayerCalls() {
            return String.valueOf(browser.evaluate("performance.getEntriesByType('resource')"
                    + ".filter((e) => e.name.includes('/replayer/replays/'))"
                    + ".map((e) => e.name.replace(/^.*\\/replayer/, '') + ' ' + e.responseStatus + ' '"
                    + " + Math.round(e.startTime) + '+' + Math.round(e.duration) + 'ms').join('; ')"));
        }

        /** The page's messages: those it shows, or those it showed since they began to be kept. */
        String messages() {
            return String.valueOf(browser.evaluate("window.gpsReplayShown ? window.gpsReplayShown.join(' | ')"
                    + " : document.getElementById('messages').textContent"));
        }

        JsonPath replays() {
            return given().get(replayerUri + "/replays")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        }

        JsonPath replay(String vehicle) {
            return given().get(replayerUri + "/replays/" + vehicle)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        }

        long sequence(String vehicle) {
            return given().get(queryApiUri + "/vehicles/" + vehicle + "/state")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("sequence");
        }

        String data(String selector, String key) {
            Object value = browser.evaluate("document.querySelector(\"" + selector + "\").dataset." + key);
            return value == null ? null : value.toString();
        }

        int number(String selector, String key) {
            String value = data(selector, key);
            return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
        }

        boolean enabled(String selector) {
            return Boolean.FALSE.equals(browser.evaluate("document.querySelector(\"" + selector + "\").disabled"));
        }
    }
}
