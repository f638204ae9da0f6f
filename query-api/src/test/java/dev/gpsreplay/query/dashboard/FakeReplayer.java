package dev.gpsreplay.query.dashboard;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP server standing in for the replayer's control API, for the proxy's forwarding
 * contract only: it records each request exactly as it arrived and answers what the test scripted.
 * (The real replayer behind the proxy is covered end to end by system-tests' DashboardIT.)
 */
public class FakeReplayer implements QuarkusTestResourceLifecycleManager {

    /** A request as the replayer received it. */
    public record Received(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What the replayer answers next. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {}

    static volatile FakeReplayer current;

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicReference<Answer> answer =
            new AtomicReference<>(new Answer(200, "application/json", "[]", Map.of()));
    private Vertx vertx;
    private HttpServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        current = this;
        vertx = Vertx.vertx();
        port = freePort();
        listen();
        return Map.of(
                "query.replayer-url",
                "http://127.0.0.1:" + port + "/",
                "query.replayer-max-upload",
                "1K",
                "dashboard.tiles-url",
                "http://127.0.0.1:1/tiles/{z}/{x}/{y}.png",
                "dashboard.tiles-attribution",
                "&copy; test tiles");
    }

    void listen() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(port, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake replayer cannot listen on " + port, e);
        }
    }

    void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            received.add(
                    new Received(request.method().name(), request.path(), request.query(), headers, body.getBytes()));
            Answer next = answer.get();
            var response = request.response().setStatusCode(next.status());
            if (next.contentType() != null) {
                response.putHeader("Content-Type", next.contentType());
            }
            next.headers().forEach(response::putHeader);
            response.end(next.body() == null ? "" : next.body());
        });
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    void answer(int status, String contentType, String body, Map<String, String> headers) {
        answer.set(new Answer(status, contentType, body, headers));
    }

    /** The next request the replayer received, within a few seconds. */
    Received next() throws InterruptedException {
        Received request = received.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the replayer received no request");
        }
        return request;
    }

    List<Received> drain() {
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
        current = null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
