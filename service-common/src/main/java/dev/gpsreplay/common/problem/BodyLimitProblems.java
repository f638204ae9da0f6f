package dev.gpsreplay.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's body limit ({@code quarkus.http.limits.max-body-size}) answered as a problem, like
 * every other refusal. Quarkus refuses a request whose {@code Content-Length} is over the limit with a
 * bare 413 and closes the connection as soon as the answer is out. This route runs just before that
 * check and answers the same 413 with a problem body.
 *
 * <p>Closing at once is harmless when the client waits for {@code 100 Continue} before sending the
 * body: it sent nothing, reads the 413 and sends nothing. Most clients send the body straight away and
 * read the answer only once they have written it; a connection closed under them while they write is
 * reset, and the answer already in their receive buffer is lost. So when a body is coming, the
 * connection is closed only once the client has finished sending it (what HTTP servers call a
 * lingering close), reading and dropping it, never holding it: at most {@link #MAX_DRAIN_BYTES} and
 * {@link #MAX_DRAIN_MILLIS}, after which the connection is cut as Quarkus would.
 *
 * <p>Bodies without a {@code Content-Length} (chunked) are counted by Quarkus as they arrive and
 * refused with its own 413.
 */
@ApplicationScoped
public class BodyLimitProblems {

    /** Most of a refused body read and dropped before the connection is cut anyway. */
    static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    /** Longest wait for a refused body to end before the connection is cut anyway. */
    static final long MAX_DRAIN_MILLIS = 30_000;

    private final long limit;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public BodyLimitProblems(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            ObjectMapper mapper,
            Vertx vertx) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext rc) {
        long declared = declaredLength(rc.request());
        if (declared <= limit) {
            rc.next();
            return;
        }
        refuse(rc, declared);
    }

    /** The request's {@code Content-Length}, or -1 when it has none (or one Quarkus will refuse itself). */
    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(RoutingContext rc, long declared) {
        HttpServerRequest request = rc.request();
        Problem problem = Problem.of(
                Status.REQUEST_ENTITY_TOO_LARGE,
                "The request body has " + declared + " bytes; at most " + limit
                        + " are accepted (quarkus.http.limits.max-body-size)",
                request.path(),
                List.of());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        if (request.version() == HttpVersion.HTTP_2) {
            rc.response().end(body); // the rest of the stream is reset; the connection serves others
            return;
        }
        HttpConnection connection = request.connection();
        boolean bodyComing = !"100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (!bodyComing) {
            rc.response().end(body).onComplete(written -> connection.close());
            return;
        }
        // Close once both the answer is written and the request has ended (or the bounds are hit).
        AtomicInteger pending = new AtomicInteger(2);
        Runnable oneDone = () -> {
            if (pending.decrementAndGet() == 0) {
                connection.close();
            }
        };
        long timer = vertx.setTimer(MAX_DRAIN_MILLIS, id -> connection.close());
        long[] drained = {0};
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > MAX_DRAIN_BYTES) {
                connection.close();
            }
        });
        request.exceptionHandler(failure -> connection.close());
        request.endHandler(ended -> {
            vertx.cancelTimer(timer);
            oneDone.run();
        });
        request.resume();
        rc.response().end(body).onComplete(written -> oneDone.run());
    }
}
