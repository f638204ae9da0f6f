package dev.gpsreplay.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * An SSE client of query-api's {@code /stream}: for every {@code fix} event, the time from the fix's
 * emission ({@code updated_at}, the event's {@code emitted_at}) to its arrival here, in microseconds.
 * Counts events, and disconnects (a stream that ends or fails while the probe runs; it reconnects).
 */
final class SseProbe implements AutoCloseable {

    private static final Pattern UPDATED_AT = Pattern.compile("\"updated_at\"\\s*:\\s*\"([^\"]+)\"");

    private final String url;
    private final Histogram freshness = new Histogram(3_600_000_000L, 3);
    /** Every fix since the last {@link #recentMillis}, recording or not. */
    private final Histogram recent = new Histogram(3_600_000_000L, 3);
    /** The fixes recorded once {@link #warm} was called: the run without its warm-up. */
    private final Histogram warmed = new Histogram(3_600_000_000L, 3);

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Thread thread;
    private volatile boolean recording;
    private volatile boolean warm;
    private volatile boolean running = true;
    private volatile InputStream body;

    SseProbe(String baseUri) {
        this.url = baseUri + "/stream";
        this.thread = new Thread(this::run, "sse-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                HttpResponse<InputStream> response = Http.CLIENT.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                    body.close();
                } else {
                    read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                // counted below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running) {
                disconnects.incrementAndGet();
                sleepQuietly(1000);
            }
        }
    }

    private void read(BufferedReader reader) throws IOException {
        String event = "message";
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && event.equals("fix")) {
                Instant now = Instant.now();
                Matcher m = UPDATED_AT.matcher(line);
                if (m.find()) {
                    events.incrementAndGet();
                    long micros = Math.min(
                            Math.max(0, ChronoUnit.MICROS.between(Instant.parse(m.group(1)), now)),
                            freshness.getHighestTrackableValue());
                    synchronized (freshness) {
                        recent.recordValue(micros);
                        if (recording) {
                            freshness.recordValue(micros);
                            if (warm) {
                                warmed.recordValue(micros);
                            }
                        }
                    }
                }
            } else if (line.isEmpty()) {
                event = "message";
            }
        }
    }

    /** Starts recording (the stream first replays current states, which are not fresh). */
    void record(boolean on) {
        recording = on;
    }

    /** From now on the recorded fixes also count as warmed up ({@link #warmPercentileMillis}). */
    void warm() {
        warm = true;
    }

    /** Quantile {@code q} (0..100) of the freshness, in ms; NaN when nothing was recorded. */
    double percentileMillis(double q) {
        synchronized (freshness) {
            return millis(freshness, q);
        }
    }

    /** Quantile {@code q} (0..100) of the freshness since {@link #warm}, in ms; NaN when none came. */
    double warmPercentileMillis(double q) {
        synchronized (freshness) {
            return millis(warmed, q);
        }
    }

    /** Quantile {@code q} (0..100) in ms of the fixes since the previous call; NaN if none came. */
    double recentPercentileMillis(double q) {
        return recentMillis(q)[0];
    }

    /** Quantiles (0..100) in ms of the fixes since the previous call, then [count]; NaN if none came. */
    double[] recentMillis(double... quantiles) {
        synchronized (freshness) {
            double[] values = new double[quantiles.length + 1];
            for (int i = 0; i < quantiles.length; i++) {
                values[i] = millis(recent, quantiles[i]);
            }
            values[quantiles.length] = recent.getTotalCount();
            recent.reset();
            return values;
        }
    }

    private static double millis(Histogram histogram, double q) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(q) / 1000.0;
    }

    long recorded() {
        synchronized (freshness) {
            return freshness.getTotalCount();
        }
    }

    long warmRecorded() {
        synchronized (freshness) {
            return warmed.getTotalCount();
        }
    }

    long events() {
        return events.get();
    }

    long disconnects() {
        return disconnects.get();
    }

    long errors() {
        return errors.get();
    }

    @Override
    public void close() {
        running = false;
        InputStream stream = body;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
