package dev.loupe.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The desktop app's settings switch: on with the loaded model, on again elsewhere, off. */
class ApiServerSwitchTest {
    @Test
    void turningOnAgainReplacesTheServerAndTurningOffClosesItsPort() throws IOException {
        try (ApiServerSwitch api = new ApiServerSwitch(Optional.empty(), ServerListener.NONE)) {
            ApiServer first = api.start(ServerConfig.defaults().withPort(0), ServedModels.stories260K());
            InetSocketAddress firstAddress = first.address();
            assertEquals(200, status(firstAddress));

            ApiServer second = api.start(ServerConfig.defaults().withPort(0).withApiKey("k"), ServedModels.stories260K());
            assertNotEquals(firstAddress.getPort(), second.address().getPort());
            assertThrows(ConnectException.class, () -> status(firstAddress));
            assertEquals(401, status(second.address()));
            assertEquals(Optional.of(second), api.running());

            api.stop();
            assertTrue(api.running().isEmpty());
            assertThrows(ConnectException.class, () -> status(second.address()));
        }
    }

    private static int status(InetSocketAddress address) throws IOException {
        try (RawHttp http = new RawHttp(address)) {
            http.send(RawHttp.get("/v1/models"));
            return http.head().status();
        }
    }
}
