package dev.gpsreplay.system;

import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: no WebDriver, nothing downloaded. Evaluates JavaScript, clicks and hovers with
 * real mouse events, picks files for file inputs, and takes screenshots.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    /** Replies awaited, by command id; the socket's listener completes them. */
    private final Map<Integer, CompletableFuture<String>> replies;

    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(
            Process process, Path profile, WebSocket socket, Map<Integer, CompletableFuture<String>> replies) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.replies = replies;
    }

    /** Opens {@code url} in a fresh headless Chromium with its own empty profile. */
    static HeadlessChromium open(String url) throws Exception {
        Path profile = Files.createTempDirectory("gps-replay-chromium");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--disable-quic",
                        "--hide-scrollbars",
                        "--window-size=1400,1150",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        int port = devToolsPort(profile, process);
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<Map<String, Object>> pages = JsonPath.from(targets).getList("findAll { it.type == 'page' }");
        String debuggerUrl = (String) pages.get(0).get("webSocketDebuggerUrl");
        Map<Integer, CompletableFuture<String>> replies = new ConcurrentHashMap<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(debuggerUrl), new Replies(replies))
                .get(10, TimeUnit.SECONDS);
        HeadlessChromium browser = new HeadlessChromium(process, profile, socket, replies);
        // The page target exists before the page does: until the URL's document has loaded, what runs
        // runs in the first empty one (about:blank), and what it stores (localStorage) is lost.
        try {
            await().alias(url + " loaded")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreException(IllegalStateException.class)
                    .until(() -> Boolean.TRUE.equals(browser.evaluate(
                            "location.href.startsWith(" + quote(url) + ") && document.readyState === 'complete'")));
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /**
     * The value of a JavaScript expression in the page (a string, number or boolean). An exception
     * thrown in the page is thrown here, as an IllegalStateException with its description.
     */
    Object evaluate(String expression) {
        String reply = call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        JsonPath answer = JsonPath.from(reply);
        if (answer.get("result.exceptionDetails") != null) {
            Object description = answer.get("result.exceptionDetails.exception.description");
            throw new IllegalStateException("the page threw on " + expression + ": "
                    + (description != null ? description : answer.get("result.exceptionDetails.text")));
        }
        return answer.get("result.result.value");
    }

    /**
     * Clicks the centre of the first element matching a CSS selector with real mouse events (pressed,
     * released), as a user would: whatever is on top at that point gets the click.
     */
    void click(String selector) {
        // The element's centre is measured a moment before the mouse events go: if the layout shifted in
        // between (the dashboard's panels grow with every fix), the click lands beside it. So the element
        // itself must report the click; if it did not, measure again and click again.
        // Each attempt's listener reports its own number: one left behind by a missed click (it stays
        // until it fires) must not pass a later click that lands on its element instead.
        for (int attempt = 1; ; attempt++) {
            int token = ids.incrementAndGet();
            evaluate("(() => { window.gpsReplayClicked = 0; document.querySelector(" + quote(selector)
                    + ").addEventListener('click', () => { window.gpsReplayClicked = " + token + "; },"
                    + " {once: true, capture: true}); return true; })()");
            double[] point = centre(selector);
            for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
                call(
                        "Input.dispatchMouseEvent",
                        "{\"type\":\"" + type + "\",\"x\":" + point[0] + ",\"y\":" + point[1]
                                + ",\"button\":\"left\",\"buttons\":" + ("mouseMoved".equals(type) ? 0 : 1)
                                + ",\"clickCount\":1}");
            }
            if (Boolean.TRUE.equals(evaluate("window.gpsReplayClicked === " + token))) {
                return;
            }
            if (attempt == 5) {
                throw new IllegalStateException(selector + " did not receive any of 5 clicks at its centre");
            }
        }
    }

    /** Replaces the text of an input with {@code text}, typed as keyboard input (the page gets its input events). */
    void type(String selector, String text) {
        Object found = evaluate("(() => { const e = document.querySelector(" + quote(selector)
                + "); if (!e) return false;" + " e.focus(); e.select(); return true; })()");
        if (!Boolean.TRUE.equals(found)) {
            throw new IllegalStateException("no element matches " + selector);
        }
        call("Input.insertText", "{\"text\":" + quote(text) + "}");
    }

    /** Moves the mouse over the centre of the first element matching a CSS selector. */
    void hover(String selector) {
        double[] point = centre(selector);
        call("Input.dispatchMouseEvent", "{\"type\":\"mouseMoved\",\"x\":" + point[0] + ",\"y\":" + point[1] + "}");
    }

    /** Picks a file in a file input, as the file chooser would (the page gets its change event). */
    void setFileInput(String selector, Path file) {
        int root = JsonPath.from(call("DOM.getDocument", "{\"depth\":0}")).getInt("result.root.nodeId");
        int node = JsonPath.from(
                        call("DOM.querySelector", "{\"nodeId\":" + root + ",\"selector\":" + quote(selector) + "}"))
                .getInt("result.nodeId");
        if (node == 0) {
            throw new IllegalStateException("no element matches " + selector);
        }
        call(
                "DOM.setFileInputFiles",
                "{\"nodeId\":" + node + ",\"files\":["
                        + quote(file.toAbsolutePath().toString()) + "]}");
    }

    /**
     * The centre of the first element matching a CSS selector, scrolled into view, once a click there
     * would reach it: the element (or one inside it) is on top at that point, and its box stayed put
     * between two looks 50 ms apart. A user waits for a page to settle too; a click computed while a
     * panel grows or a message slides in would land on something else. Waits up to 5 s.
     */
    private double[] centre(String selector) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String last = "";
        while (true) {
            Object found = evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                    + " if (!e) return null; e.scrollIntoView({block: 'center', inline: 'center'});"
                    + " const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;"
                    + " const hit = document.elementFromPoint(x, y);"
                    + " const where = hit !== null && e.contains(hit) ? 'reachable'"
                    + " : x < 0 || y < 0 || x >= innerWidth || y >= innerHeight ? 'outside the window'"
                    + " : 'covered by another element';"
                    + " return x + ',' + y + ',' + where; })()");
            if (found == null) {
                throw new IllegalStateException("no element matches " + selector);
            }
            String[] parts = found.toString().split(",");
            String point = parts[0] + "," + parts[1];
            boolean reachable = "reachable".equals(parts[2]);
            if (reachable && point.equals(last)) {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(selector + " did not settle where a click reaches it within 5 s (at "
                        + point + ", " + (reachable ? "still moving" : parts[2]) + ")");
            }
            last = reachable ? point : "";
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to click " + selector, e);
            }
        }
    }

    /**
     * Delays every request and response of the page by {@code millis} (0: none), as a slow network
     * would, so that a test can act while the page still waits for an answer.
     */
    void latency(int millis) {
        call("Network.enable", "{}");
        call(
                "Network.emulateNetworkConditions",
                "{\"offline\":false,\"latency\":" + millis + ",\"downloadThroughput\":-1,\"uploadThroughput\":-1}");
    }

    /**
     * Loads the page again, as the browser's reload button does, and returns once the new document
     * is there (the old one, marked, is gone). Waits up to 10 s.
     */
    void reload() {
        evaluate("window.gpsReplayBeforeReload = true");
        call("Page.reload", "{}");
        // while the new document comes, there is for a moment no page to evaluate in: look again
        await().alias("the page loaded again")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .ignoreException(IllegalStateException.class)
                .until(() -> Boolean.TRUE.equals(evaluate("window.gpsReplayBeforeReload === undefined")));
    }

    /** A PNG of what the page shows now. */
    void screenshot(Path file) throws IOException {
        String reply = call("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        Files.write(file, Base64.getDecoder().decode(JsonPath.from(reply).getString("result.data")));
    }

    private String call(String method, String params) {
        int id = ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .join();
        String answer;
        try {
            answer = reply.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no reply: " + e, e);
        }
        if (JsonPath.from(answer).get("error") != null) {
            throw new IllegalStateException(method + " failed: " + answer);
        }
        return answer;
    }

    /** Completes the awaited reply of each message that answers a command (events are ignored). */
    private static final class Replies implements WebSocket.Listener {

        private final Map<Integer, CompletableFuture<String>> awaited;
        /** The fragments of the message being received; the listener's calls never overlap. */
        private final StringBuilder text = new StringBuilder();

        Replies(Map<Integer, CompletableFuture<String>> awaited) {
            this.awaited = awaited;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                Integer id = JsonPath.from(message).get("id");
                CompletableFuture<String> reply = id == null ? null : awaited.remove(id);
                if (reply != null) {
                    reply.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static int devToolsPort(Path profile, Process process) throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "chromium exited: " + Files.readString(profile.resolve("chromium.log")));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium opened no DevTools port within 30 s");
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // a leftover temp profile is harmless
        }
    }
}
