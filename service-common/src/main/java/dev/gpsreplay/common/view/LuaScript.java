package dev.gpsreplay.common.view;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of the view, called by its SHA1 ({@code EVALSHA}, so the script text is not sent per
 * call). Redis forgets scripts when it restarts: on {@code NOSCRIPT} the caller sends {@link #load()}
 * and calls again. In Redis Cluster a keyless {@code SCRIPT LOAD} reaches one node only, so there the
 * script goes with each call ({@link #eval}; Redis still compiles it once per node):
 * {@link RedisPipeline#script} chooses.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script in a class-path resource. */
    public static LuaScript resource(String name) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code EVALSHA sha numkeys keys... args...} */
    public Request call(List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    /** {@code EVAL source numkeys keys... args...}: runs on whichever node owns the keys, known there or not. */
    public Request eval(List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVAL).arg(source).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    /** {@code SCRIPT LOAD source} */
    public Request load() {
        return Request.cmd(Command.SCRIPT).arg("LOAD").arg(source);
    }

    /** Whether a failure says Redis does not know the script (it restarted). */
    public static boolean isNoScript(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
