package dev.gpsreplay.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.domain.GpsFix;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/** JSON encoding of events, fixes and other stored values, with the application's configured {@link ObjectMapper}. */
@ApplicationScoped
public class JsonCodec {

    private final ObjectMapper mapper;

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FixEvent decodeEvent(String json) {
        return decode(json, FixEvent.class);
    }

    /** A fix of a vehicle's history: in either version's JSON (see {@link GpsFix}). */
    public GpsFix decodeFix(String json) {
        return decode(json, GpsFix.class);
    }

    public <T> T decode(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
