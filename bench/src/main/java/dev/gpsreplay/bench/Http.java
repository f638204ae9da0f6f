package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small blocking HTTP calls to the services on loopback. Changing calls carry $GPSREPLAY_TOKEN when it is set. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** Page size asked of paged lists; a service that caps it lower answers with fewer items and a next cursor. */
    private static final int PAGE = 1000;

    private Http() {}

    /** Status of GET url, or -1 when nothing answered. */
    static int status(String url, Duration timeout) {
        try {
            return CLIENT.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(timeout)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static HttpResponse<String> get(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    /** A changing call (POST, PUT, DELETE) with the operator token when one is given. */
    static HttpResponse<String> change(String method, String url) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return send(builder.build());
    }

    static Optional<String> token() {
        String token = System.getenv("GPSREPLAY_TOKEN");
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Every item of a list resource, following pages: a bare JSON array (not paged), or an object with
     * {@code items} (or {@code vehicles}/{@code replays}) and a next cursor in the body
     * ({@code next_cursor}, {@code nextCursor}, {@code next}, {@code cursor}) or in a {@code Link: <...>; rel="next"} header.
     */
    static List<JsonNode> list(String base, String path) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        String url = base + path + (path.contains("?") ? "&" : "?") + "limit=" + PAGE;
        boolean limitAccepted = true;
        for (int page = 0; page < 100_000 && url != null; page++) {
            HttpResponse<String> response = get(url);
            if (response.statusCode() == 400 && page == 0 && limitAccepted) {
                // a service that knows no paging, or caps limit lower: ask without it
                limitAccepted = false;
                url = base + path;
                page--;
                continue;
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + ": " + response.statusCode() + " " + abbreviate(response.body()));
            }
            JsonNode body = JSON.readTree(response.body());
            JsonNode pageItems = body.isArray() ? body : firstOf(body, "items", "vehicles", "replays", "data");
            if (pageItems == null || !pageItems.isArray()) {
                throw new IOException(
                        "GET " + url + ": neither a list nor an object with items: " + abbreviate(response.body()));
            }
            pageItems.forEach(items::add);
            url = nextUrl(
                    base,
                    path,
                    limitAccepted,
                    body,
                    response.headers().firstValue("Link").orElse(null),
                    pageItems.size());
        }
        return items;
    }

    static String nextUrl(String base, String path, boolean withLimit, JsonNode body, String link, int pageSize) {
        if (link != null) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return absolute(base, m.group(1));
            }
        }
        if (body.isArray() || pageSize == 0) {
            return null;
        }
        JsonNode next = firstOf(body, "next_cursor", "nextCursor", "next", "cursor");
        if (next == null || next.isNull() || next.asText().isEmpty()) {
            return null;
        }
        String cursor = next.asText();
        if (cursor.startsWith("/") || cursor.startsWith("http")) {
            return absolute(base, cursor);
        }
        String separator = path.contains("?") ? "&" : "?";
        return base + path + separator + (withLimit ? "limit=" + PAGE + "&" : "") + "cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private static String absolute(String base, String target) {
        return target.startsWith("http") ? target : base + target;
    }

    private static JsonNode firstOf(JsonNode body, String... names) {
        for (String name : names) {
            if (body.has(name)) {
                return body.get(name);
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
