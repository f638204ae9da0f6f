package dev.gpsreplay.query.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page loads everything it needs from query-api itself: every stylesheet, script and module it
 * names is served (Leaflet and uPlot from their webjars, at the versions the pom brings), and
 * nothing comes from another host. (What the page shows is tested in a real browser by DashboardIT.)
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(FakeReplayer.class)
class DashboardPageTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#?]+\\.(?:js|css))\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+\\.js)'");

    @Test
    void everyAssetThePageNamesIsServedFromThisServer() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        List<String> assets = matches(ASSET, page);
        assertThat(assets)
                .contains(
                        "webjars/leaflet/1.9.4/dist/leaflet.js",
                        "webjars/leaflet/1.9.4/dist/leaflet.css",
                        "webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                        "webjars/uplot/1.6.30/dist/uPlot.min.css",
                        "dashboard.js",
                        "dashboard.css");
        assertThat(assets).noneMatch(asset -> asset.contains("//"));
        List<String> modules = new ArrayList<>(List.of("dashboard.js"));
        for (int i = 0; i < modules.size(); i++) {
            String module = given().get("/" + modules.get(i))
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            matches(IMPORT, module).stream().filter(m -> !modules.contains(m)).forEach(modules::add);
        }
        assertThat(modules).contains("api.js", "map.js", "charts.js", "controls.js");
        assets.forEach(asset -> given().get("/" + asset).then().statusCode(200));
        modules.forEach(
                module -> assertThat(given().get("/" + module).asString()).doesNotContain("https://unpkg", "cdn."));
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
