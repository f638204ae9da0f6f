package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    @Test
    void freePortsAreDistinctAndCanBeBound() throws IOException {
        int[] ports = Processes.freePorts(5);

        assertThat(ports).hasSize(5).doesNotHaveDuplicates().doesNotContain(0);
        for (int port : ports) { // free now: each can be bound on loopback
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(Arrays.stream(Processes.freePorts(1))).hasSize(1);
    }
}
