package dev.gpsreplay.query.view;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Above 1,000 vehicles (#8): with 12,000 vehicles already in Redis, query-api loads its live view
 * (paged, pipelined reads), becomes ready, and /vehicles pages through every one of them.
 */
@QuarkusTest
@WithTestResource(value = LargeFleetRedisResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class LargeFleetTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void becomesReadyAndListsEveryVehicleInPages() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));

        // the plain /vehicles: the first page, of the default size, with the total and the next page's link
        Response first = given().get("/vehicles");
        first.then().statusCode(200).header("X-Total-Count", String.valueOf(LargeFleetRedisResource.VEHICLES));
        assertThat(first.jsonPath().getList("vehicle_id"))
                .hasSize(1000)
                .first()
                .isEqualTo(LargeFleetRedisResource.vehicleId(0));
        assertThat(first.header("Link")).contains("cursor=" + LargeFleetRedisResource.vehicleId(999));

        List<String> ids = new ArrayList<>();
        String next = "/vehicles?limit=5000";
        while (next != null) {
            Response page = given().urlEncodingEnabled(false).get(next);
            page.then().statusCode(200);
            ids.addAll(page.jsonPath().getList("vehicle_id", String.class));
            String link = page.header("Link");
            Matcher m = link == null ? null : NEXT.matcher(link);
            next = m != null && m.find() ? m.group(1) : null;
        }
        assertThat(ids)
                .hasSize(LargeFleetRedisResource.VEHICLES)
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(ids.get(ids.size() - 1)).isEqualTo(LargeFleetRedisResource.vehicleId(11_999));

        given().get("/vehicles/" + LargeFleetRedisResource.vehicleId(11_999) + "/state")
                .then()
                .statusCode(200)
                .body("vehicle_id", equalTo(LargeFleetRedisResource.vehicleId(11_999)));
        // the most recently indexed vehicle is the latest
        given().get("/gps_state").then().statusCode(200).body("speed_meters_per_second", equalTo(29.0f));
    }

    @Test
    void pageParametersAreChecked() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> given().get(management + "health/ready").then().statusCode(200));
        given().get("/vehicles?limit=0").then().statusCode(400).contentType("application/problem+json");
        given().get("/vehicles?limit=10001").then().statusCode(400);
        given().get("/vehicles?limit=x").then().statusCode(400);
        given().get("/vehicles?cursor=bad%20id").then().statusCode(400);
        given().get("/vehicles?limit=2&cursor=" + LargeFleetRedisResource.vehicleId(11_998))
                .then()
                .statusCode(200)
                .body("vehicle_id", equalTo(List.of(LargeFleetRedisResource.vehicleId(11_999))))
                .header("Link", (String) null);
    }
}
