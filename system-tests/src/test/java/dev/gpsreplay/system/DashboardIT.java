package dev.gpsreplay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpsreplay.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live dashboard in a real headless Chromium, while a replay runs: the vehicle is selected, and
 * the track and the charts grow as fixes arrive over SSE; the table shows the last fixes. A
 * screenshot goes to target/dashboard.png.
 */
class DashboardIT {

    private static final List<String> DRAWINGS = List.of("track-path", "chart-speed", "chart-elevation",
            "chart-distance");

    @Test
    void trackAndChartsGrowWhileTheReplayRuns() throws Exception {
        boolean ci = System.getenv("CI") != null;
        assumeTrue(ci || Files.isExecutable(HeadlessChromium.BINARY),
                "Debian's chromium is not installed (apt-get install chromium); CI installs it");
        Path tracks = Files.createTempDirectory("gps-replay-dashboard");
        Files.copy(Path.of(System.getProperty("gpsreplay.data.dir"), "bus-17.csv"), tracks.resolve("bus-17.csv"));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            RedisServer redis = RedisServer.start();
            started.add(redis);
            ServiceProcess queryApi = ServiceProcess.start("query-api", Map.of("QUARKUS_REDIS_HOSTS", redis.uri()));
            started.add(queryApi);
            started.add(ServiceProcess.start("replayer", Map.of("QUARKUS_REDIS_HOSTS", redis.uri(),
                    "REPLAY_SINK", "redis", "REPLAY_SOURCE", tracks.toString(), "REPLAY_SPEED", "5")));

            HeadlessChromium browser = HeadlessChromium.open(queryApi.baseUri() + "/");
            started.add(browser);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    browser.evaluate("document.getElementById('dashboard').dataset.vehicle")).isEqualTo("bus-17"));
            await().atMost(Duration.ofSeconds(30)).until(() -> points(browser, "track-path") >= 2);

            Map<String, Integer> before = counts(browser);
            // 5 fixes a second arrive over SSE: every drawing must grow
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Integer> now = counts(browser);
                for (String drawing : DRAWINGS) {
                    assertThat(now.get(drawing)).as(drawing).isGreaterThan(before.get(drawing));
                }
            });
            assertThat(Integer.parseInt((String) browser.evaluate(
                    "document.getElementById('fix-table').dataset.rows"))).isPositive();
            assertThat(browser.evaluate("document.getElementById('connection').dataset.state")).isEqualTo("live");

            Path screenshot = Path.of("target", "dashboard.png");
            browser.screenshot(screenshot);
            assertThat(Files.size(screenshot)).isPositive();
        } finally {
            Collections.reverse(started);
            for (AutoCloseable part : started) {
                part.close();
            }
        }
    }

    private static Map<String, Integer> counts(HeadlessChromium browser) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        DRAWINGS.forEach(id -> counts.put(id, points(browser, id)));
        return counts;
    }

    private static int points(HeadlessChromium browser, String id) {
        Object value = browser.evaluate("document.getElementById('" + id + "').dataset.points");
        return value == null ? 0 : Integer.parseInt(value.toString());
    }
}
