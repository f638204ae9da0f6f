package dev.gpsreplay.testkit.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Collects finished spans in memory for the services' Quarkus tests (found there through this jar's
 * {@code beans.xml}); it only exports when a test turns the OpenTelemetry SDK on.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
