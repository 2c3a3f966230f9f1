package dev.loupe.ui.agents;

import atlantafx.base.theme.Styles;
import dev.loupe.agents.mcp.McpServerSpec;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.shell.FieldGrid;
import dev.loupe.ui.shell.LoupeStyles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The agents workspace's side panel: model, tools and their format, MCP servers, granted folders, limits and sampler.
 * Binds to the view-model.
 */
final class AgentSetupPanel extends ScrollPane {
    static final String MODEL = "agent-model";
    static final String GRANTS = "agent-grants";
    static final String ADD_GRANT = "agent-add-grant";
    static final String COLLECTION = "agent-collection";
    static final String VALIDATION = "agent-validation";
    static final String TOOL_FORMAT = "agent-tool-format";
    static final String MCP_COMMAND = "agent-mcp-command";
    static final String MCP_NAME = "agent-mcp-name";
    static final String MCP_TRUSTED = "agent-mcp-trusted";
    static final String MCP_ADD = "agent-mcp-add";
    static final String MCP_SERVERS = "agent-mcp-servers";

    AgentSetupPanel(AgentSetupViewModel setup, EngineViewModel engine) {
        getStyleClass().add(LoupeStyles.SIDE_PANEL);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setPrefWidth(320);
        setMinWidth(270);
        VBox content = new VBox();
        content.getStyleClass().add(LoupeStyles.SIDE_PANEL_CONTENT);

        Label model = new Label();
        model.setId(MODEL);
        model.setWrapText(true);
        model.textProperty().bind(engine.modelProperty().map(m -> m.name() + " (the loaded model)")
                .orElse("No model is loaded: load one in the Models workspace (Ctrl+6) to run the agent."));
        model.styleProperty().bind(Bindings.when(engine.modelProperty().isNull())
                .then("-fx-text-fill: -color-danger-fg;").otherwise("-fx-font-weight: bold;"));

        VBox tools = new VBox(2);
        for (ToolChoice choice : setup.tools()) {
            tools.getChildren().addAll(toolRow(choice));
            if (choice.name().equals(AgentSetupViewModel.SEARCH_DOCUMENTS)) {
                tools.getChildren().add(collectionRow(setup, choice));
            }
        }
        ComboBox<ToolFormatChoice> format = new ComboBox<>(FXCollections.observableArrayList(ToolFormatChoice.values()));
        format.setId(TOOL_FORMAT);
        format.valueProperty().bindBidirectional(setup.toolFormatProperty());
        format.setMaxWidth(Double.MAX_VALUE);
        format.setTooltip(new Tooltip("JSON steps work with any model; native tool calls use the <tool_call> format "
                + "of chat templates trained for tools; Auto picks native when the model's template has it."));
        HBox.setHgrow(format, Priority.ALWAYS);
        Label formatLabel = FieldGrid.label("Tool format");
        formatLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox formatRow = new HBox(8, formatLabel, format);
        formatRow.setAlignment(Pos.CENTER_LEFT);

        ListView<Path> grants = new ListView<>(setup.grants());
        grants.setId(GRANTS);
        grants.setPrefHeight(72);
        Label none = new Label("No folders granted: the file tools see nothing.");
        none.setWrapText(true);
        grants.setPlaceholder(none);
        Button add = new Button("Grant folder…");
        add.setId(ADD_GRANT);
        add.getStyleClass().add(Styles.SMALL);
        add.setOnAction(e -> setup.addGrant());
        add.setTooltip(new Tooltip("Let read_file and list_files see a folder, by its name."));
        Button remove = new Button("Remove");
        remove.getStyleClass().add(Styles.SMALL);
        remove.disableProperty().bind(grants.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> setup.removeGrant(grants.getSelectionModel().getSelectedItem()));
        HBox grantButtons = new HBox(6, add, remove);

        GridPane limits = FieldGrid.create(110);
        FieldGrid.row(limits, 0, "Max steps", "maxSteps", setup.maxStepsProperty(), "Most model steps before the run stops.");
        FieldGrid.row(limits, 1, "Tool timeout (s)", "toolTimeout", setup.toolTimeoutSecondsProperty(),
                "A tool call taking longer is abandoned and reported to the model.");
        FieldGrid.row(limits, 2, "Time budget (s)", "budget", setup.budgetSecondsProperty(),
                "Longest the whole run may take, approvals included.");
        FieldGrid.row(limits, 3, "Tokens per step", "maxStepTokens", setup.maxStepTokensProperty(),
                "Most tokens the model may write in one step.");

        GridPane sampler = FieldGrid.create(110);
        FieldGrid.row(sampler, 0, "Temperature", "agentTemperature", setup.temperatureProperty(),
                "0 always takes the most probable token; higher values vary more.");
        TextField seed = FieldGrid.row(sampler, 1, "Seed", "agentSeed", setup.seedProperty(),
                "Step n uses seed + n - 1, so a run repeats; empty draws a new seed per run.");
        seed.setPromptText("random");

        Label validation = new Label();
        validation.setId(VALIDATION);
        validation.getStyleClass().add(LoupeStyles.VALIDATION);
        validation.textProperty().bind(setup.validationProperty());
        validation.visibleProperty().bind(setup.validationProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());

        content.getChildren().addAll(title("Model"), model, title("Tools"), tools, formatRow, title("MCP servers"),
                servers(setup), title("Granted folders"), grants, grantButtons, title("Limits"), limits,
                title("Sampler"), sampler, validation);
        setContent(content);
    }

    /** A tool's checkbox and its one line. */
    private static List<Node> toolRow(ToolChoice choice) {
        CheckBox box = new CheckBox(choice.name() + (choice.sensitive() ? "  · asks first" : ""));
        box.setId("tool-" + choice.name());
        // Tool names have underscores, which would otherwise be read as mnemonics and vanish.
        box.setMnemonicParsing(false);
        box.selectedProperty().bindBidirectional(choice.selectedProperty());
        box.setTooltip(new Tooltip(choice.sensitive() ? "Each call waits for your approval."
                : "The model may call " + choice.name() + " freely."));
        Label description = new Label();
        description.textProperty().bind(choice.descriptionProperty());
        description.getStyleClass().add(LoupeStyles.AGENT_TOOL_DESCRIPTION);
        return List.of(box, description);
    }

    /** The servers added, each with its tools, and the fields that add one. */
    private static VBox servers(AgentSetupViewModel setup) {
        VBox rows = new VBox(10);
        rows.setId(MCP_SERVERS);
        Label none = new Label("None yet: add the command line of a local MCP server to offer its tools.");
        none.setWrapText(true);
        none.getStyleClass().add(LoupeStyles.HINT);
        Runnable show = () -> rows.getChildren().setAll(setup.servers().isEmpty() ? List.of(none)
                : setup.servers().stream().map(r -> (Node) serverRow(setup, r)).toList());
        setup.servers().addListener((ListChangeListener<McpServerRow>) c -> show.run());
        show.run();

        TextField command = new TextField();
        command.setId(MCP_COMMAND);
        command.setPromptText("command line, e.g. npx -y my-mcp-server");
        command.textProperty().bindBidirectional(setup.newServerCommandProperty());
        command.setTooltip(new Tooltip("The program and its arguments; quote an argument that has spaces. "
                + "It is started on this computer and speaks MCP on its standard input and output."));
        TextField name = new TextField();
        name.setId(MCP_NAME);
        name.setPromptText("name (optional)");
        name.textProperty().bindBidirectional(setup.newServerNameProperty());
        CheckBox trusted = new CheckBox("Trusted");
        trusted.setId(MCP_TRUSTED);
        trusted.selectedProperty().bindBidirectional(setup.newServerTrustedProperty());
        trusted.setTooltip(new Tooltip("Its tools run without asking; otherwise each call waits for your approval."));
        Button add = new Button("Add server");
        add.setId(MCP_ADD);
        add.getStyleClass().add(Styles.SMALL);
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.disableProperty().bind(setup.newServerCommandProperty().isEmpty());
        add.setOnAction(e -> setup.addServer());
        command.setOnAction(e -> setup.addServer());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox addRow = new HBox(8, trusted, gap, add);
        addRow.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, rows, command, name, addRow);
    }

    private static VBox serverRow(AgentSetupViewModel setup, McpServerRow row) {
        Label name = new Label(row.label() + (row.trusted() ? "  · trusted" : "  · asks first"));
        name.setStyle("-fx-font-weight: bold;");
        name.setMnemonicParsing(false);
        // One line, long parts (class paths) shortened; the tooltip has all of it.
        Label command = new Label(McpServerSpec.of(row.commandLine()).display());
        command.getStyleClass().add(LoupeStyles.AGENT_TOOL_DESCRIPTION);
        // The description style wraps, and a stylesheet wins over setWrapText: an inline style does not.
        command.setStyle("-fx-wrap-text: false;");
        command.setMnemonicParsing(false);
        command.setTooltip(new Tooltip(row.commandLine()));
        Label status = new Label();
        status.setWrapText(true);
        status.getStyleClass().add(LoupeStyles.AGENT_TOOL_DESCRIPTION);
        status.textProperty().bind(row.statusProperty());
        Label error = new Label();
        error.setId("mcp-error-" + row.label());
        error.setWrapText(true);
        error.getStyleClass().add(LoupeStyles.VALIDATION);
        error.textProperty().bind(row.errorProperty());
        error.visibleProperty().bind(row.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        status.visibleProperty().bind(error.visibleProperty().not());
        status.managedProperty().bind(status.visibleProperty());
        VBox tools = new VBox(2);
        Runnable show = () -> tools.getChildren().setAll(row.tools().stream().flatMap(t -> toolRow(t).stream()).toList());
        row.tools().addListener((ListChangeListener<ToolChoice>) c -> show.run());
        show.run();
        Button connect = new Button("Connect / list tools");
        connect.setId("mcp-connect-" + row.label());
        connect.getStyleClass().add(Styles.SMALL);
        connect.disableProperty().bind(row.connectingProperty());
        connect.setOnAction(e -> setup.connect(row));
        connect.setTooltip(new Tooltip("Starts the server, lists its tools and stops it; it starts again for each run "
                + "that uses one of them."));
        Button remove = new Button("Remove");
        remove.setId("mcp-remove-" + row.label());
        remove.getStyleClass().add(Styles.SMALL);
        remove.setOnAction(e -> setup.removeServer(row));
        HBox buttons = new HBox(6, connect, remove);
        return new VBox(2, name, command, status, error, tools, buttons);
    }

    private static HBox collectionRow(AgentSetupViewModel setup, ToolChoice search) {
        ComboBox<String> collection = new ComboBox<>();
        collection.setId(COLLECTION);
        collection.setEditable(true);
        collection.setPromptText("all collections");
        collection.setItems(setup.collections());
        collection.valueProperty().bindBidirectional(setup.collectionProperty());
        collection.setMaxWidth(Double.MAX_VALUE);
        collection.setTooltip(new Tooltip("The collection search_documents searches; empty for all of them."));
        HBox.setHgrow(collection, Priority.ALWAYS);
        Label label = FieldGrid.label("Collection");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, label, collection);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setStyle("-fx-padding: 0 0 4 26;");
        row.disableProperty().bind(search.selectedProperty().not());
        return row;
    }

    private static Label title(String text) {
        return FieldGrid.section(text.toUpperCase(Locale.ROOT));
    }
}
