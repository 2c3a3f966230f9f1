package dev.loupe.ui.settings;

import dev.loupe.inference.TextGenerator;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.task.TaskRunner;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server section of the Settings window: the switch, host, port, API key and CORS, the running URL, and
 * the status bar's "API on ..." line. The server serves the model the app has loaded: it starts when the switch
 * is on and a model is loaded, starts again on the new model when the model changes, and stops when the model is
 * unloaded or the app closes (the switch stays on, so the next launch serves again).
 *
 * <p>UI thread only. Settings are read and written on the storage lane; the server starts and stops on the engine
 * lane, queued before the engine closes a replaced model.
 */
public final class ApiServerViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServerViewModel.class);

    /** What the server is doing. */
    public enum Status {
        OFF,
        /** The switch is on but no model is loaded; the server starts with the next one. */
        WAITING_FOR_MODEL,
        STARTING,
        RUNNING,
        /** Starting failed; {@link #errorProperty()} says why. */
        FAILED
    }

    private final TaskRunner runner;
    private final EngineViewModel engine;
    private final ApiServerControl control;
    private final UiSettings settings;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
    private final StringProperty host = new SimpleStringProperty(this, "host", ApiServerSettings.DEFAULT_HOST);
    private final StringProperty port = new SimpleStringProperty(this, "port", Integer.toString(ApiServerSettings.DEFAULT_PORT));
    private final StringProperty apiKey = new SimpleStringProperty(this, "apiKey", "");
    private final BooleanProperty cors = new SimpleBooleanProperty(this, "cors");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation", "");
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.OFF);
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper(this, "url", "");
    private final ReadOnlyStringWrapper statusLine = new ReadOnlyStringWrapper(this, "statusLine", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    /** True while the switch is moved by this class, so that the listener does not act on it. */
    private boolean switching;
    /** Counts server starts and stops, so that the outcome of an older one does not overwrite a newer state. */
    private long generation;

    public ApiServerViewModel(TaskRunner runner, EngineViewModel engine, ApiServerControl control, UiSettings settings) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.control = Objects.requireNonNull(control, "control");
        this.settings = Objects.requireNonNull(settings, "settings");
        enabled.addListener((obs, old, on) -> {
            if (!switching) {
                if (on) {
                    turnOn();
                } else {
                    turnOff();
                }
            }
        });
        engine.generatorProperty().addListener((obs, old, now) -> {
            if (enabled.get()) {
                serve(Optional.ofNullable(now));
            }
        });
        status.addListener(o -> statusLine.set(status.get() == Status.RUNNING
                ? "API on " + url.get().replaceFirst("/v1$", "") : ""));
    }

    /** Reads the remembered settings; when the switch was on, serves the model as soon as one is loaded. */
    public void start() {
        runner.submit(TaskRunner.Lane.STORAGE, settings::apiServerSettings, saved -> {
            host.set(saved.host());
            port.set(Integer.toString(saved.port()));
            apiKey.set(saved.apiKey());
            cors.set(saved.cors());
            setSwitch(saved.enabled());
            if (saved.enabled()) {
                serve(engine.current());
            }
        }, failure -> LOG.warn("Reading the API server settings failed", failure));
    }

    /** Saves the edited host, port, key and CORS and, when the server runs, starts it again with them. */
    public void apply() {
        Optional<ApiServerSettings> edited = validated();
        if (edited.isEmpty()) {
            return;
        }
        save(edited.get());
        if (enabled.get()) {
            serve(engine.current());
        }
    }

    private void turnOn() {
        Optional<ApiServerSettings> edited = validated();
        if (edited.isEmpty()) {
            setSwitch(false); // the fields keep what was typed; the message says what to change
            return;
        }
        save(edited.get());
        serve(engine.current());
    }

    private void turnOff() {
        Optional<ApiServerSettings> edited = validated();
        if (edited.isPresent()) {
            save(edited.get());
        } else {
            // Keep the last saved address; only the switch changes.
            runner.submit(TaskRunner.Lane.STORAGE, () -> {
                settings.saveApiServerSettings(settings.apiServerSettings().withEnabled(false));
                return null;
            }, ignored -> {}, failure -> LOG.warn("Saving the API server settings failed", failure));
        }
        stopServer(Status.OFF);
    }

    /** Starts the server on {@code model}, or stops it and waits when there is none. */
    private void serve(Optional<TextGenerator> model) {
        Optional<ApiServerSettings> current = validated();
        if (current.isEmpty()) {
            stopServer(Status.FAILED);
            return;
        }
        if (model.isEmpty()) {
            stopServer(Status.WAITING_FOR_MODEL);
            return;
        }
        long attempt = ++generation;
        error.set(null);
        status.set(Status.STARTING);
        ApiServerSettings config = current.get();
        TextGenerator served = model.get();
        runner.submit(TaskRunner.Lane.ENGINE, () -> control.start(config, served), (URI base) -> {
            if (attempt == generation) {
                url.set(base.toString());
                status.set(Status.RUNNING);
            }
        }, failure -> {
            if (attempt == generation) {
                LOG.warn("Starting the API server failed", failure);
                url.set("");
                error.set(UserError.from(failure, "start the API server"));
                status.set(Status.FAILED);
            }
        });
    }

    private void stopServer(Status after) {
        long attempt = ++generation;
        url.set("");
        status.set(after);
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            control.stop();
            return null;
        }, ignored -> {}, failure -> {
            if (attempt == generation) {
                LOG.warn("Stopping the API server failed", failure);
                error.set(UserError.from(failure, "stop the API server"));
            }
        });
    }

    /** The fields as settings, or empty after saying in {@link #validationProperty()} what is wrong. */
    private Optional<ApiServerSettings> validated() {
        String problem = problem();
        validation.set(problem);
        if (!problem.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiServerSettings(enabled.get(), host.get().strip(), Integer.parseInt(port.get().strip()),
                apiKey.get().strip(), cors.get()));
    }

    private String problem() {
        String h = host.get() == null ? "" : host.get().strip();
        String p = port.get() == null ? "" : port.get().strip();
        String key = apiKey.get() == null ? "" : apiKey.get().strip();
        if (h.isEmpty()) {
            return "Enter the address to listen on, e.g. 127.0.0.1.";
        }
        int number;
        try {
            number = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            return "The port must be a whole number between 0 and 65535, got '" + p + "'.";
        }
        if (number < 0 || number > 65_535) {
            return "The port must be between 0 and 65535, got " + number + ".";
        }
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "The API key must be printable ASCII without spaces.";
        }
        if (key.isEmpty() && !isLoopback(h)) {
            return "Listening on " + h + " lets other machines use the model; set an API key, or use 127.0.0.1.";
        }
        return "";
    }

    /**
     * Whether {@code host} is this machine only: "localhost" or a loopback address literal. Names are not looked
     * up (that could block the UI), so any other name counts as reachable from outside and needs a key.
     */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void save(ApiServerSettings value) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            settings.saveApiServerSettings(value);
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving the API server settings failed", failure));
    }

    private void setSwitch(boolean on) {
        switching = true;
        try {
            enabled.set(on);
        } finally {
            switching = false;
        }
    }

    /** The switch; turning it on serves the loaded model, off stops the server. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public StringProperty hostProperty() {
        return host;
    }

    /** The port as typed; 0 means any free port. */
    public StringProperty portProperty() {
        return port;
    }

    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    /** Whether web pages from any origin may call the API. */
    public BooleanProperty corsProperty() {
        return cors;
    }

    /** What is wrong with the fields, one sentence; empty when nothing is. */
    public ReadOnlyStringProperty validationProperty() {
        return validation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The running server's base URL, e.g. http://127.0.0.1:8080/v1; empty when it is not running. */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** "API on http://127.0.0.1:8080" while the server runs, empty otherwise; for the status bar. */
    public ReadOnlyStringProperty statusLineProperty() {
        return statusLine.getReadOnlyProperty();
    }

    /** Why the server could not start, e.g. its port is in use; null when nothing failed. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A readable status for the Settings window. */
    public String describe() {
        return switch (status.get()) {
            case OFF -> "Off";
            case WAITING_FOR_MODEL -> "On; waiting for a model: the server starts when one is loaded";
            case STARTING -> "Starting…";
            case RUNNING -> "Running: " + url.get();
            case FAILED -> error.get() == null ? "Not running" : "Not running: " + error.get().message();
        };
    }
}
