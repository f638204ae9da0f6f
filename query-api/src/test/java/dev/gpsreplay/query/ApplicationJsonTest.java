package dev.gpsreplay.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The application's ObjectMapper is the one JsonSpeedCustomizer made: its readers are the ones used. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ApplicationJsonTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void instantsAreReadByTheCanonicalFormsReaderAndNumbersByJacksonsFastParser() throws Exception {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        JsonDeserializer<Object> instants = context.findRootValueDeserializer(mapper.constructType(Instant.class));
        // registered after Quarkus's java.time module, so it is the one found, not InstantDeserializer
        assertThat(instants.getClass().getSimpleName()).isEqualTo("IsoInstantDeserializer");
        assertThat(mapper.getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER))
                .isTrue();
    }
}
