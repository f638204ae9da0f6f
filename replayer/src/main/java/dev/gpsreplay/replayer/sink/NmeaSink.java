package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.domain.NmeaWriter;
import dev.gpsreplay.replayer.config.NmeaConfig;
import dev.gpsreplay.replayer.config.ReplayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code replay.sink=nmea}: serves the replay as NMEA 0183 over TCP, the way gpsd's {@code gpsfake}
 * does, on {@code replay.nmea.port} (10110). Every connected client gets, for each fix of its vehicle,
 * {@code $GPRMC}, {@code $GPGGA} and {@code $GPGSA} with CRLF line ends. A client chooses its vehicle
 * with a first line {@code VEHICLE <id>}; until then (and if it never does) it gets
 * {@code replay.nmea.vehicle}, or else the first vehicle this sink saw.
 *
 * <p>Delivery never waits for a client: {@link #publish} hands the bytes to each socket's write queue
 * and completes at once. A client whose queue holds more than {@code replay.nmea.write-queue-bytes}
 * (it reads too slowly) is disconnected; a client over {@code replay.nmea.max-clients} is refused.
 * The server is Vert.x's (the platform's), started when the sink is configured.
 */
@ApplicationScoped
@Typed(NmeaSink.class) // injected only through SinkSelector, by replay.sink
public class NmeaSink implements FixSink {

    private static final Logger LOG = Logger.getLogger(NmeaSink.class);
    /** The longest first line a client may send ("VEHICLE " and a 64-character id, with room to spare). */
    private static final int MAX_COMMAND_LENGTH = 128;

    private static final String COMMAND = "VEHICLE ";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final NmeaConfig config;
    private final ReplayConfig replay;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> firstVehicle = new AtomicReference<>();
    private volatile NetServer server;

    public NmeaSink(Vertx vertx, NmeaConfig config, ReplayConfig replay) {
        this.vertx = vertx;
        this.config = config;
        this.replay = replay;
    }

    /** A connected client and the vehicle it asked for (null: the default one). */
    private static final class Client {
        final NetSocket socket;
        volatile String vehicle;

        Client(NetSocket socket) {
            this.socket = socket;
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (replay.sink().contains(ReplayConfig.SinkType.NMEA)) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        NetServer running = server;
        if (running != null) {
            clients.forEach(c -> c.socket.close());
            await(running.close().toCompletionStage(), "close");
        }
    }

    private synchronized void start() {
        if (server != null) {
            return;
        }
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port());
        NetServer created = vertx.createNetServer(options).connectHandler(this::connected);
        await(created.listen().toCompletionStage(), "listen on " + config.host() + ":" + config.port());
        server = created;
        LOG.infof(
                "NMEA 0183 over TCP on %s:%d (e.g. gpsd -N tcp://localhost:%d)",
                config.host(), created.actualPort(), created.actualPort());
    }

    private static void await(CompletionStage<?> stage, String what) {
        try {
            stage.toCompletableFuture().get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: NMEA server " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("NMEA server cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** @return the port the server listens on (the chosen one when {@code replay.nmea.port=0}), or -1 when it is not running */
    public int port() {
        NetServer running = server;
        return running == null ? -1 : running.actualPort();
    }

    /** @return how many connected clients get the given vehicle's fixes, for tests and health */
    public long clientsOf(String vehicleId) {
        return clients.stream().filter(c -> vehicleId.equals(vehicleOf(c))).count();
    }

    /** @return the number of connected clients */
    public int clientCount() {
        return clients.size();
    }

    private void connected(NetSocket socket) {
        if (clients.size() >= config.maxClients()) {
            LOG.warnf(
                    "NMEA client %s refused: replay.nmea.max-clients (%d) are connected",
                    socket.remoteAddress(), config.maxClients());
            socket.close();
            return;
        }
        Client client = new Client(socket);
        clients.add(client);
        socket.setWriteQueueMaxSize(config.writeQueueBytes());
        RecordParser lines = RecordParser.newDelimited("\n", line -> command(client, line))
                .maxRecordSize(MAX_COMMAND_LENGTH)
                .exceptionHandler(e -> socket.close());
        socket.handler(lines);
        socket.exceptionHandler(e -> socket.close());
        socket.closeHandler(v -> clients.remove(client));
    }

    /** The first line chooses the vehicle; anything after it is ignored (NMEA clients may talk back). */
    private static void command(Client client, Buffer line) {
        String text = line.toString(StandardCharsets.US_ASCII).strip();
        if (client.vehicle == null && text.regionMatches(true, 0, COMMAND, 0, COMMAND.length())) {
            client.vehicle = text.substring(COMMAND.length()).strip();
        }
    }

    private String vehicleOf(Client client) {
        String chosen = client.vehicle;
        return chosen != null ? chosen : config.vehicle().orElse(firstVehicle.get());
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        firstVehicle.compareAndSet(null, event.vehicleId());
        if (!clients.isEmpty()) {
            Buffer sentences = null;
            for (Client client : clients) {
                if (!event.vehicleId().equals(vehicleOf(client))) {
                    continue;
                }
                if (client.socket.writeQueueFull()) {
                    LOG.warnf("NMEA client %s dropped: it reads too slowly", client.socket.remoteAddress());
                    clients.remove(client);
                    client.socket.close();
                    continue;
                }
                if (sentences == null) {
                    sentences = Buffer.buffer(lines(event), "US-ASCII");
                }
                client.socket.write(sentences);
            }
        }
        return Uni.createFrom().voidItem();
    }

    private static String lines(FixEvent event) {
        StringBuilder text = new StringBuilder(256);
        NmeaWriter.sentences(event.fix()).forEach(s -> text.append(s).append("\r\n"));
        return text.toString();
    }
}
