package dev.gpsreplay.system;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** A minimal OTLP/HTTP (protobuf) trace receiver on loopback that keeps every span it is sent, in memory. */
final class OtlpReceiver implements AutoCloseable {

    /** A received span, with the service that sent it and its ids in hex. */
    record ReceivedSpan(
            String service,
            String name,
            Span.SpanKind kind,
            String traceId,
            String spanId,
            String parentSpanId,
            List<KeyValue> attributes) {

        String attribute(String key) {
            return attributes.stream()
                    .filter(a -> a.getKey().equals(key))
                    .findFirst()
                    .map(a -> a.getValue().hasStringValue()
                            ? a.getValue().getStringValue()
                            : String.valueOf(a.getValue().getIntValue()))
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base endpoint for {@code quarkus.otel.exporter.otlp.endpoint} (the exporter appends /v1/traces). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream raw = exchange.getRequestBody()) {
            InputStream body =
                    "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(raw)
                            : raw;
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                String service = resourceSpans.getResource().getAttributesList().stream()
                        .filter(a -> a.getKey().equals("service.name"))
                        .findFirst()
                        .map(a -> a.getValue().getStringValue())
                        .orElse("?");
                resourceSpans
                        .getScopeSpansList()
                        .forEach(scope -> scope.getSpansList()
                                .forEach(span -> spans.add(new ReceivedSpan(
                                        service,
                                        span.getName(),
                                        span.getKind(),
                                        hex(span.getTraceId()),
                                        hex(span.getSpanId()),
                                        hex(span.getParentSpanId()),
                                        span.getAttributesList()))));
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
        } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
