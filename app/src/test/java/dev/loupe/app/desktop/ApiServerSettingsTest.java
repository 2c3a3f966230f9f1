package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.AppPaths;
import dev.loupe.app.server.ApiServerSwitch;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.settings.ApiServerSettings;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ApiServerViewModel.Status;
import dev.loupe.ui.task.ImmediateTaskRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Settings window's API server switch on the real stories260K, the real server and the real H2 settings,
 * called over real HTTP; the view-model is driven on the test thread as the UI thread.
 */
class ApiServerSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();

    @TempDir
    Path home;
    private Storage storage;
    private EngineViewModel engine;
    private SwitchedApiServer control;

    @BeforeEach
    void open() {
        storage = Storage.open(new AppPaths(home, Optional.empty()));
        engine = new EngineViewModel(runner, JlamaTextGenerator::load);
        control = new SwitchedApiServer(new ApiServerSwitch(Optional.of(storage.runs()), ServerListener.NONE), Optional::empty);
    }

    @AfterEach
    void close() {
        control.close();
        engine.close();
        storage.close();
    }

    private ApiServerViewModel started() {
        ApiServerViewModel api = new ApiServerViewModel(runner, engine, control, new StoredUiSettings(storage.settings()));
        api.start();
        return api;
    }

    private HttpResponse<String> get(String base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSwitchServesTheLoadedModelOverHttpAndTurningItOffRefusesConnections() throws Exception {
        engine.load(SharedModels.stories260K());
        ApiServerViewModel api = started();
        api.portProperty().set("0");
        api.enabledProperty().set(true);

        assertEquals(Status.RUNNING, api.statusProperty().get(), api.describe());
        String base = api.urlProperty().get();
        assertTrue(base.matches("http://127\\.0\\.0\\.1:\\d+/v1"), base);
        assertEquals("API on " + base.substring(0, base.length() - 3), api.statusLineProperty().get());

        HttpResponse<String> models = get(base, "/models");
        assertEquals(200, models.statusCode(), models.body());
        String model = JSON.readTree(models.body()).path("data").get(0).path("id").asText();
        assertEquals(engine.current().orElseThrow().info().name(), model);

        String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", model).put("max_tokens", 8).put("seed", 1)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put("content", "Once upon a time"))));
        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chat.statusCode(), chat.body());
        JsonNode completion = JSON.readTree(chat.body());
        assertEquals("assistant", completion.path("choices").get(0).path("message").path("role").asText());
        assertTrue(completion.path("usage").path("completion_tokens").asInt() > 0, chat.body());

        api.enabledProperty().set(false);
        assertEquals(Status.OFF, api.statusProperty().get());
        assertEquals("", api.statusLineProperty().get());
        assertThrows(ConnectException.class, () -> get(base, "/models"));
        assertFalse(new StoredUiSettings(storage.settings()).apiServerSettings().enabled());
    }

    @Test
    void theDocumentsEmbedderIsServedWhenTheLibraryHasLoadedIt() throws Exception {
        try (OnnxBgeEmbedder embedder = OnnxBgeEmbedder.load();
                SwitchedApiServer withEmbedder = new SwitchedApiServer(
                        new ApiServerSwitch(Optional.empty(), ServerListener.NONE), () -> Optional.of(embedder))) {
            engine.load(SharedModels.stories260K());
            ApiServerViewModel api = new ApiServerViewModel(runner, engine, withEmbedder,
                    new StoredUiSettings(storage.settings()));
            api.start();
            api.portProperty().set("0");
            api.enabledProperty().set(true);
            String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", embedder.modelId())
                    .put("input", "A lighthouse keeper").put("encoding_format", "float"));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.urlProperty().get() + "/embeddings"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(embedder.dimensions(), JSON.readTree(response.body()).path("data").get(0).path("embedding").size());
            api.enabledProperty().set(false);
        }
    }

    @Test
    void theServerFollowsTheModelAndStartsAgainAtTheNextLaunch() throws Exception {
        ApiServerViewModel api = started();
        api.portProperty().set("0");
        api.enabledProperty().set(true);
        assertEquals(Status.WAITING_FOR_MODEL, api.statusProperty().get(), "no model is loaded yet");

        engine.load(SharedModels.stories260K());
        assertEquals(Status.RUNNING, api.statusProperty().get(), api.describe());
        String first = api.urlProperty().get();
        assertEquals(200, get(first, "/models").statusCode());

        engine.load(SharedModels.stories260K()); // another model: the server moves to it
        String second = api.urlProperty().get();
        assertEquals(Status.RUNNING, api.statusProperty().get());
        assertNotEquals(first, second, "port 0 binds a fresh port for the new model");
        assertThrows(ConnectException.class, () -> get(first, "/models"));
        assertEquals(200, get(second, "/models").statusCode());

        engine.unload();
        assertEquals(Status.WAITING_FOR_MODEL, api.statusProperty().get());
        assertThrows(ConnectException.class, () -> get(second, "/models"));
        assertTrue(api.enabledProperty().get(), "the switch stays on through an unload");

        ApiServerSettings saved = new StoredUiSettings(storage.settings()).apiServerSettings();
        assertEquals(new ApiServerSettings(true, "127.0.0.1", 0, "", false), saved);
        ApiServerViewModel relaunched = started();
        assertTrue(relaunched.enabledProperty().get());
        engine.load(SharedModels.stories260K());
        assertEquals(Status.RUNNING, relaunched.statusProperty().get(), relaunched.describe());
        assertEquals(200, get(relaunched.urlProperty().get(), "/models").statusCode());
    }

    @Test
    void badSettingsAreOneSentenceAndLeaveTheSwitchOff() throws Exception {
        engine.load(SharedModels.stories260K());
        ApiServerViewModel api = started();

        api.hostProperty().set("0.0.0.0");
        api.enabledProperty().set(true);
        assertFalse(api.enabledProperty().get());
        assertEquals("Listening on 0.0.0.0 lets other machines use the model; set an API key, or use 127.0.0.1.",
                api.validationProperty().get());
        assertEquals("0.0.0.0", api.hostProperty().get(), "what was typed is kept");

        api.hostProperty().set("127.0.0.1");
        api.portProperty().set("eighty");
        api.enabledProperty().set(true);
        assertFalse(api.enabledProperty().get());
        assertEquals("The port must be a whole number between 0 and 65535, got 'eighty'.", api.validationProperty().get());
        api.portProperty().set("70000");
        api.apply();
        assertEquals("The port must be between 0 and 65535, got 70000.", api.validationProperty().get());
        api.portProperty().set("0");
        api.apiKeyProperty().set("two words");
        api.apply();
        assertEquals("The API key must be printable ASCII without spaces.", api.validationProperty().get());
        api.apiKeyProperty().set("");
        api.apply();
        assertEquals("", api.validationProperty().get());
        assertNull(api.errorProperty().get());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            api.portProperty().set(Integer.toString(taken.getLocalPort()));
            api.enabledProperty().set(true);
            assertEquals(Status.FAILED, api.statusProperty().get());
            assertEquals("The API server cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use by "
                    + "another program or the address is not one of this machine; choose another port or host.",
                    api.errorProperty().get().message());
            assertEquals("", api.statusLineProperty().get());
        }
    }
}
