package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class HttpTest {

    private static final String BASE = "http://127.0.0.1:1";

    private static JsonNode json(String text) throws Exception {
        return Http.JSON.readTree(text);
    }

    @Test
    void aBareArrayHasNoNextPage() throws Exception {
        assertThat(Http.nextUrl(BASE, "/vehicles", true, json("[{\"vehicle_id\":\"a\"}]"), null, 1))
                .isNull();
    }

    @Test
    void aCursorInTheBodyIsTheNextPage() throws Exception {
        JsonNode body = json("{\"items\":[{}],\"next_cursor\":\"abc=\"}");
        assertThat(Http.nextUrl(BASE, "/vehicles", true, body, null, 1))
                .isEqualTo(BASE + "/vehicles?limit=1000&cursor=abc%3D");
        assertThat(Http.nextUrl(BASE, "/vehicles", false, body, null, 1)).isEqualTo(BASE + "/vehicles?cursor=abc%3D");
    }

    @Test
    void aNextLinkInTheBodyOrHeaderIsFollowed() throws Exception {
        assertThat(Http.nextUrl(
                        BASE, "/vehicles", true, json("{\"items\":[{}],\"next\":\"/vehicles?cursor=x\"}"), null, 1))
                .isEqualTo(BASE + "/vehicles?cursor=x");
        assertThat(Http.nextUrl(
                        BASE,
                        "/vehicles",
                        true,
                        json("{\"items\":[{}]}"),
                        "</vehicles?cursor=y&limit=1000>; rel=\"next\"",
                        1))
                .isEqualTo(BASE + "/vehicles?cursor=y&limit=1000");
    }

    @Test
    void theLastPageEndsTheList() throws Exception {
        assertThat(Http.nextUrl(BASE, "/vehicles", true, json("{\"items\":[{}],\"next_cursor\":null}"), null, 1))
                .isNull();
        assertThat(Http.nextUrl(BASE, "/vehicles", true, json("{\"items\":[],\"next_cursor\":\"z\"}"), null, 0))
                .isNull();
    }
}
