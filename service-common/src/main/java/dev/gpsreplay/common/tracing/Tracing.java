package dev.gpsreplay.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where the services' own spans (one or more per fix) come from. While tracing is off
 * ({@code quarkus.otel.sdk.disabled=true}, the default), OpenTelemetry's no-op API: Quarkus still
 * hands out an SDK tracer then, whose spans are built, timed and dropped (span, attribute and
 * span-context objects were among the replayer's top allocation sites in a JFR profile of bench/'s
 * pipeline phase); the no-op one costs nothing. With tracing on,
 * Quarkus's {@link OpenTelemetry}, exporting as configured.
 */
@ApplicationScoped
public class Tracing {

    private static final Logger LOG = Logger.getLogger(Tracing.class);

    private final OpenTelemetry openTelemetry;
    private final boolean off;

    public Tracing(
            OpenTelemetry sdk,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.off = sdkDisabled;
        this.openTelemetry = sdkDisabled ? OpenTelemetry.noop() : sdk;
    }

    /** One clear line, instead of silence or (with the SDK on and no collector) export errors forever. */
    void onStart(@Observes StartupEvent event) {
        if (off) {
            LOG.info("Tracing is off (quarkus.otel.sdk.disabled=true, the default): set QUARKUS_OTEL_SDK_DISABLED=false"
                    + " and QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://<collector>:4317 to export spans");
        } else {
            LOG.info("Tracing is on: spans go to quarkus.otel.exporter.otlp.endpoint");
        }
    }

    /** The API to use: the propagators too are no-ops while tracing is off. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer(String instrumentationScope) {
        return openTelemetry.getTracer(instrumentationScope);
    }
}
