package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.Problem;
import dev.gpsreplay.query.config.ReplayerProxyConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends one request to the replayer's control API and turns its answer into ours unchanged: status,
 * body, content type, and the headers a client acts on. It adds no credential of its own: the
 * caller's {@code Authorization} header, if any, is the only one sent.
 */
@ApplicationScoped
public class ReplayerForwarder {

    /** Seconds a client is asked to wait before retrying while the replayer cannot be reached. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** The replayer's answer headers passed on, beside Content-Type. */
    private static final List<String> PASSED_ON = List.of("Retry-After", "WWW-Authenticate");

    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = Logger.getLogger(ReplayerForwarder.class);

    private final ReplayerProxyConfig config;
    private final WebClient client;
    private final String base;

    public ReplayerForwarder(ReplayerProxyConfig config, Vertx vertx) {
        this.config = config;
        // a replayer that is down refuses at once; one behind a dead route must not hold the caller long
        int connectMillis =
                (int) Math.min(CONNECT_TIMEOUT_MILLIS, config.replayerTimeout().toMillis());
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout(connectMillis)
                        .setFollowRedirects(false)
                        .setUserAgent("gps-replay-query-api"));
        this.base = config.replayerUrl().replaceAll("/+$", "");
    }

    /** A path segment, percent-encoded (a vehicle id can hold no '/' or '?' of its own). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Forwards a request.
     *
     * @param path          the replayer's path, its segments already encoded by {@link #segment}
     * @param query         query parameters, passed as given (null values are left out)
     * @param authorization the caller's Authorization header, or null
     * @param contentType   the body's type, or null when there is no body
     * @param body          the body, or null
     */
    public Uni<Response> forward(
            HttpMethod method,
            String path,
            Map<String, String> query,
            String authorization,
            String contentType,
            byte[] body) {
        HttpRequest<Buffer> request = client.requestAbs(method, base + path + queryString(query))
                .timeout(config.replayerTimeout().toMillis());
        if (authorization != null && !authorization.isBlank()) {
            request.putHeader("Authorization", authorization);
        }
        request.putHeader("Accept", "application/json, application/problem+json");
        Uni<HttpResponse<Buffer>> sent;
        if (body != null) {
            if (contentType != null && !contentType.isBlank()) {
                request.putHeader("Content-Type", contentType);
            }
            sent = request.sendBuffer(Buffer.buffer(body));
        } else {
            sent = request.send();
        }
        return sent.map(ReplayerForwarder::relay)
                .onFailure()
                .recoverWithItem(failure -> unreachable(method, path, failure));
    }

    private static String queryString(Map<String, String> query) {
        String joined = query.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> segment(e.getKey()) + "=" + segment(e.getValue()))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    private static Response relay(HttpResponse<Buffer> answer) {
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        Buffer body = answer.body();
        if (body != null && body.length() > 0) {
            response.entity(body.getBytes());
        }
        String type = answer.getHeader("Content-Type");
        if (type != null) {
            response.header("Content-Type", type);
        }
        PASSED_ON.forEach(name -> {
            String value = answer.getHeader(name);
            if (value != null) {
                response.header(name, value);
            }
        });
        String location = answer.getHeader("Location");
        if (location != null) {
            response.header("Location", ourLocation(location));
        }
        return response.build();
    }

    /**
     * The replayer's {@code [http://replayer:8081]/replays/{id}} is ours at {@code /replayer/replays/{id}}:
     * the caller never sees the replayer's internal address.
     */
    static String ourLocation(String location) {
        try {
            URI uri = URI.create(location);
            String path = uri.getRawPath();
            if (path != null && path.startsWith("/replays")) {
                return "/replayer" + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException e) {
            // not a URI: pass it on as it is
        }
        return location;
    }

    private Response unreachable(HttpMethod method, String path, Throwable failure) {
        LOG.debugf("replayer %s %s failed: %s", method, path, failure.toString());
        Response.Status status = Response.Status.SERVICE_UNAVAILABLE;
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Problem problem = new Problem(
                "about:blank",
                status.getReasonPhrase(),
                status.getStatusCode(),
                "The replayer at " + base + " cannot be reached (" + reason + "); try again shortly.",
                "/replayer" + path,
                List.of());
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(problem)
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
