package dev.loupe.ui.agents;

import dev.loupe.agents.mcp.McpServerSpec;
import dev.loupe.agents.run.AgentLimits;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.format.SettingFields;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents workspace's side panel: which tools, the folders the file tools may see, the collection
 * {@code search_documents} searches, the limits, the sampler's seed and temperature, how the model calls tools and
 * the local MCP servers whose tools it may use. Fields hold text so nothing
 * typed is lost; {@link #setup()} validates them into an {@link AgentSetup} and {@link #validationProperty()} says
 * live what is wrong. Remembers the last setup through {@link UiSettings}.
 *
 * <p>UI thread only; settings are read and saved on the storage lane, collections listed on the documents lane, MCP
 * servers started (to list their tools, then stopped) on the files lane.
 */
public final class AgentSetupViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSetupViewModel.class);
    static final String SEARCH_DOCUMENTS = "search_documents";

    private final TaskRunner runner;
    private final ToolCatalog catalog;
    private final UiSettings settings;
    private final DialogService dialogs;
    private final Consumer<UserError> errors;

    private final ObservableList<ToolChoice> tools = FXCollections.observableArrayList();
    private final ObservableList<ToolChoice> toolsView = FXCollections.unmodifiableObservableList(tools);
    private final ObservableList<Path> grants = FXCollections.observableArrayList();
    private final ObservableList<Path> grantsView = FXCollections.unmodifiableObservableList(grants);
    private final ObservableList<String> collections = FXCollections.observableArrayList();
    private final ObservableList<String> collectionsView = FXCollections.unmodifiableObservableList(collections);
    private final StringProperty collection = new SimpleStringProperty(this, "collection", "");
    private final StringProperty maxSteps = new SimpleStringProperty(this, "maxSteps");
    private final StringProperty toolTimeoutSeconds = new SimpleStringProperty(this, "toolTimeoutSeconds");
    private final StringProperty budgetSeconds = new SimpleStringProperty(this, "budgetSeconds");
    private final StringProperty maxStepTokens = new SimpleStringProperty(this, "maxStepTokens");
    private final StringProperty temperature = new SimpleStringProperty(this, "temperature");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "");
    private final ObjectProperty<ToolFormatChoice> toolFormat = new SimpleObjectProperty<>(this, "toolFormat",
            ToolFormatChoice.AUTO);
    private final ObservableList<McpServerRow> servers = FXCollections.observableArrayList();
    private final ObservableList<McpServerRow> serversView = FXCollections.unmodifiableObservableList(servers);
    private final StringProperty newServerCommand = new SimpleStringProperty(this, "newServerCommand", "");
    private final StringProperty newServerName = new SimpleStringProperty(this, "newServerName", "");
    private final BooleanProperty newServerTrusted = new SimpleBooleanProperty(this, "newServerTrusted");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation", "");
    private boolean collectionsListed;
    /** Counts edits of the fields, so that a setup read late does not overwrite what the user typed meanwhile. */
    private int edits;

    public AgentSetupViewModel(TaskRunner runner, ToolCatalog catalog, UiSettings settings, DialogService dialogs,
                               Consumer<UserError> errors) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.errors = Objects.requireNonNull(errors, "errors");
        for (Tool tool : catalog.tools(List.of(), "")) {
            ToolChoice choice = watched(new ToolChoice(tool));
            choice.selectedProperty().addListener(o -> {
                if (choice.name().equals(SEARCH_DOCUMENTS) && choice.selectedProperty().get()) {
                    listCollections();
                }
            });
            tools.add(choice);
        }
        for (Observable field : List.of(maxSteps, toolTimeoutSeconds, budgetSeconds, maxStepTokens, temperature, seed,
                collection, grants, toolFormat, servers)) {
            field.addListener(o -> {
                edits++;
                revalidate();
            });
        }
        grants.addListener((ListChangeListener<Path>) c -> describeTools());
        apply(AgentSetup.DEFAULTS);
    }

    /** A choice whose changes count as edits and are validated. */
    private ToolChoice watched(ToolChoice choice) {
        choice.selectedProperty().addListener(o -> {
            edits++;
            revalidate();
        });
        return choice;
    }

    /** The file tools name the granted folders in their line: show it as the model will read it. */
    private void describeTools() {
        List<Tool> described;
        try {
            described = catalog.tools(grants, collection.get());
        } catch (ToolException gone) {
            // A granted folder vanished; the run will say so. Keep the lines as they were.
            return;
        }
        for (Tool tool : described) {
            tools.stream().filter(t -> t.name().equals(tool.name())).forEach(t -> t.describe(tool));
        }
    }

    /** Reads the setup of the last session and shows it, unless the user changed a field meanwhile. */
    public void load() {
        int before = edits;
        runner.submit(TaskRunner.Lane.STORAGE, settings::agentSetup, setup -> {
            if (edits == before) {
                apply(setup);
            }
        }, failure -> {
            LOG.warn("Reading the agent setup failed", failure);
            errors.accept(UserError.from(failure, "read the last agent setup"));
        });
    }

    /** Shows {@code setup} in the fields; tools the catalog no longer offers are left out. */
    public void apply(AgentSetup setup) {
        for (ToolChoice choice : tools) {
            choice.selectedProperty().set(setup.tools().contains(choice.name()));
        }
        grants.setAll(setup.grants());
        collection.set(setup.collection());
        maxSteps.set(Integer.toString(setup.limits().maxSteps()));
        toolTimeoutSeconds.set(Figures.setting(setup.limits().toolTimeoutMillis() / 1000.0));
        budgetSeconds.set(Figures.setting(setup.limits().totalBudgetMillis() / 1000.0));
        maxStepTokens.set(Integer.toString(setup.limits().maxStepTokens()));
        temperature.set(Figures.setting(setup.temperature()));
        seed.set(setup.seed().isPresent() ? Long.toString(setup.seed().getAsLong()) : "");
        toolFormat.set(setup.toolFormat());
        List<McpServerRow> rows = new ArrayList<>();
        for (McpServerSetup server : setup.mcpServers()) {
            McpServerRow row = new McpServerRow(server);
            row.showTools(choices(server, setup.tools()));
            rows.add(row);
        }
        servers.setAll(rows);
        revalidate();
    }

    /** The tools {@code server} listed as choices, those named in {@code chosen} selected. */
    private List<ToolChoice> choices(McpServerSetup server, List<String> chosen) {
        List<ToolChoice> choices = new ArrayList<>();
        for (McpServerSetup.ListedTool tool : server.tools()) {
            ToolChoice choice = new ToolChoice(tool.name(), tool.description(), !server.trusted());
            choice.selectedProperty().set(chosen.contains(tool.name()));
            choices.add(watched(choice));
        }
        return choices;
    }

    /**
     * The setup the fields describe.
     *
     * @throws InvalidSettingsException naming the first field that is wrong, in one sentence
     */
    public AgentSetup setup() {
        List<String> chosen = new ArrayList<>(tools.stream().filter(t -> t.selectedProperty().get())
                .map(ToolChoice::name).toList());
        servers.forEach(row -> row.tools().stream().filter(t -> t.selectedProperty().get())
                .forEach(t -> chosen.add(t.name())));
        int steps = integer(maxSteps, "Max steps", 1, 100);
        double timeout = decimal(toolTimeoutSeconds, "The tool timeout", 0.001, 3600);
        double budget = decimal(budgetSeconds, "The time budget", 0.001, 86_400);
        int stepTokens = integer(maxStepTokens, "Tokens per step", 1, 8192);
        double temp = decimal(temperature, "Temperature", 0, 5);
        OptionalLong seedValue = OptionalLong.empty();
        String seedText = text(seed);
        if (!seedText.isEmpty()) {
            try {
                seedValue = OptionalLong.of(Long.parseLong(seedText));
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException("The seed must be a whole number or empty for a random one, got '"
                        + seedText + "'.");
            }
        }
        return new AgentSetup(chosen, grants, collection.get(), new AgentLimits(steps, Math.round(timeout * 1000),
                Math.round(budget * 1000), stepTokens), temp, seedValue, toolFormat.get(),
                servers.stream().map(McpServerRow::setup).toList());
    }

    /** Saves the setup as the one the next session starts with. */
    public void remember(AgentSetup setup) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            settings.saveAgentSetup(setup);
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving the agent setup failed", failure));
    }

    /** Asks for a folder and grants it to the file tools. */
    public void addGrant() {
        dialogs.chooseFolder("Grant a folder to the file tools").ifPresent(this::addGrant);
    }

    /** Grants {@code folder} to the file tools, unless it is not a folder or already granted. */
    public void addGrant(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            errors.accept(UserError.of(absolute + " is not a folder; grant folders only."));
            return;
        }
        if (!grants.contains(absolute)) {
            grants.add(absolute);
        }
    }

    public void removeGrant(Path folder) {
        grants.remove(folder);
    }

    /**
     * Adds the MCP server typed in the new-server fields (not started yet: {@link #connect} lists its tools) and
     * clears them; a command line that cannot be split, or one already added, is one sentence and stays typed.
     */
    public void addServer() {
        String commandLine = text(newServerCommand);
        try {
            McpServerSpec.of(commandLine);
        } catch (IllegalArgumentException e) {
            errors.accept(UserError.of(e.getMessage()));
            return;
        }
        if (servers.stream().anyMatch(r -> r.commandLine().equals(commandLine))) {
            errors.accept(UserError.of("That MCP server is already in the list."));
            return;
        }
        servers.add(new McpServerRow(new McpServerSetup(text(newServerName), commandLine, newServerTrusted.get(),
                List.of())));
        newServerCommand.set("");
        newServerName.set("");
        newServerTrusted.set(false);
        rememberServers();
    }

    /** Removes a server and its tools from the setup. */
    public void removeServer(McpServerRow row) {
        servers.remove(row);
        rememberServers();
    }

    /** Saves the setup now that its servers changed, as a run would; not while a field is invalid. */
    private void rememberServers() {
        try {
            remember(setup());
        } catch (InvalidSettingsException invalid) {
            // The run that fixes the field saves the setup.
        }
    }

    /**
     * Starts the server on the files lane, lists its tools as choices and stops it again; a failure (missing program,
     * crash at the handshake, a tool name another tool has) becomes one sentence on its row.
     */
    public void connect(McpServerRow row) {
        if (row.connectingProperty().get()) {
            return;
        }
        row.connecting();
        McpServerSetup server = row.setup();
        runner.submit(TaskRunner.Lane.FILES, () -> {
            try (ToolCatalog.ConnectedServer connected = catalog.connect(server)) {
                return connected.tools().stream()
                        .map(t -> new McpServerSetup.ListedTool(t.name(), t.description())).toList();
            }
        }, listed -> {
            if (!servers.contains(row)) {
                return;
            }
            Set<String> taken = new HashSet<>();
            tools.forEach(t -> taken.add(t.name()));
            servers.stream().filter(r -> r != row).forEach(r -> r.tools().forEach(t -> taken.add(t.name())));
            for (McpServerSetup.ListedTool tool : listed) {
                if (!taken.add(tool.name())) {
                    row.failed("It offers a tool named " + tool.name() + ", which another tool already has; "
                            + "remove one of the two servers.");
                    return;
                }
            }
            List<String> chosen = row.tools().stream().filter(t -> t.selectedProperty().get()).map(ToolChoice::name)
                    .toList();
            McpServerSetup now = server.withTools(listed);
            row.listed(now);
            row.showTools(choices(now, chosen));
            edits++;
            revalidate();
            rememberServers();
        }, failure -> {
            LOG.warn("Starting the MCP server {} failed", server.commandLine(), failure);
            row.failed(UserError.from(failure, "start the MCP server").message());
        });
    }

    private void listCollections() {
        if (collectionsListed) {
            return;
        }
        collectionsListed = true;
        runner.submit(TaskRunner.Lane.DOCUMENTS, catalog::collections, names -> {
            String chosen = collection.get();
            collections.setAll(names);
            collection.set(chosen);
        }, failure -> {
            collectionsListed = false;
            LOG.warn("Listing the collections failed", failure);
            errors.accept(UserError.from(failure, "list the documents collections"));
        });
    }

    private void revalidate() {
        try {
            setup();
            validation.set("");
        } catch (InvalidSettingsException e) {
            validation.set(e.getMessage());
        }
    }

    private static String text(StringProperty field) {
        return field.get() == null ? "" : field.get().strip();
    }

    private static int integer(StringProperty field, String name, int min, int max) {
        try {
            return SettingFields.parseInt(name, field.get(), min, max);
        } catch (InvalidSettingsException e) {
            throw new InvalidSettingsException(SettingFields.sentence(e.getMessage()));
        }
    }

    private static double decimal(StringProperty field, String name, double min, double max) {
        try {
            return SettingFields.parseDouble(name, field.get(), min, max);
        } catch (InvalidSettingsException e) {
            throw new InvalidSettingsException(SettingFields.sentence(e.getMessage()));
        }
    }

    /** The tools on offer, in the catalog's order. */
    public ObservableList<ToolChoice> tools() {
        return toolsView;
    }

    /** The folders granted to the file tools. */
    public ObservableList<Path> grants() {
        return grantsView;
    }

    /** The documents collections, listed once {@code search_documents} is chosen. */
    public ObservableList<String> collections() {
        return collectionsView;
    }

    /** The collection {@code search_documents} searches; empty for all. */
    public StringProperty collectionProperty() {
        return collection;
    }

    public StringProperty maxStepsProperty() {
        return maxSteps;
    }

    public StringProperty toolTimeoutSecondsProperty() {
        return toolTimeoutSeconds;
    }

    public StringProperty budgetSecondsProperty() {
        return budgetSeconds;
    }

    public StringProperty maxStepTokensProperty() {
        return maxStepTokens;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    /** The seed of step 1; empty to draw a new one per run. */
    public StringProperty seedProperty() {
        return seed;
    }

    /** How the model calls its tools. */
    public ObjectProperty<ToolFormatChoice> toolFormatProperty() {
        return toolFormat;
    }

    /** The MCP servers whose tools may be chosen. */
    public ObservableList<McpServerRow> servers() {
        return serversView;
    }

    /** The command line of the server to add. */
    public StringProperty newServerCommandProperty() {
        return newServerCommand;
    }

    /** An optional name for the server to add. */
    public StringProperty newServerNameProperty() {
        return newServerName;
    }

    /** Whether the server to add is trusted: its tools then run without asking. */
    public BooleanProperty newServerTrustedProperty() {
        return newServerTrusted;
    }

    /** What is wrong with the fields, one sentence; empty when they are valid. */
    public ReadOnlyStringProperty validationProperty() {
        return validation.getReadOnlyProperty();
    }
}
