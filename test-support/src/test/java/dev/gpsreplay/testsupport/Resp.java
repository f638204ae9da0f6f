package dev.gpsreplay.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * A minimal RESP2 client: one connection per command, enough to probe a server and to check data
 * in tests. Deliberately not a real client library, so test-support drags no Redis client into the
 * services' test classpaths.
 */
final class Resp {

    private static final int TIMEOUT_MILLIS = 2_000;

    private Resp() {}

    /**
     * Sends one command to 127.0.0.1:port and returns the reply: simple strings and bulk strings as
     * their text, integers as their decimal text, a null bulk string or array as {@code null}, an
     * array as its elements joined by newlines (enough for {@code CONFIG GET} in tests).
     *
     * @throws IOException if the connection fails or the server answers with an error
     */
    static String command(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            return readReply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            // Bulk lengths count bytes, not chars.
            sb.append('$')
                    .append(arg.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(arg)
                    .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readReply(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("Connection closed before a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
            case ':':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case '$':
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2); // payload + CRLF
                if (data.length < length + 2) {
                    throw new EOFException("Connection closed inside a bulk string");
                }
                return new String(data, 0, length, StandardCharsets.UTF_8);
            case '*':
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                StringJoiner elements = new StringJoiner("\n");
                for (int i = 0; i < count; i++) {
                    elements.add(readReply(in));
                }
                return elements.toString();
            default:
                throw new IOException("Unsupported RESP reply type '" + (char) type + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new EOFException("Connection closed inside a reply line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
