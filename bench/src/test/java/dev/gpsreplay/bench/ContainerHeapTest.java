package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap the bench gives a service is the one its container in deploy/base starts with. */
class ContainerHeapTest {

    private static final String RESOURCES = """
              resources:
                limits:
                  cpu: "1"
                  memory: 384Mi
                requests:
                  cpu: 100m
                  memory: 128Mi
            """;

    @Test
    void theArgsShareOfTheMemoryLimit(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(
                dir.resolve("query-api.yml"),
                "        - args:\n            - -XX:MaximumHeapSizePercent=50\n" + RESOURCES);

        assertThat(Lab.containerHeap(manifest)).contains(new Lab.ContainerHeap("192m", 50, 384));
    }

    @Test
    void aNativeExecutablesDefaultShareWithoutArgs(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("replayer.yml"), RESOURCES);

        assertThat(Lab.containerHeap(manifest)).contains(new Lab.ContainerHeap("307m", 80, 384));
    }

    @Test
    void nothingWithoutAMemoryLimit(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("redis.yml"), "        - args:\n            - --save\n");

        assertThat(Lab.containerHeap(manifest)).isEmpty();
        assertThat(Lab.containerHeap(dir.resolve("missing.yml"))).isEmpty();
    }

    @Test
    void theServicesManifestsAreRead() {
        Path base = Path.of("..", "deploy", "base");
        for (String service : new String[] {"query-api", "replayer"}) {
            assertThat(Lab.containerHeap(base.resolve(service + ".yml")))
                    .as(service)
                    .hasValueSatisfying(heap -> assertThat(heap.percent()).isEqualTo(50));
        }
    }
}
