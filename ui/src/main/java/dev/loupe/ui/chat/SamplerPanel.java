package dev.loupe.ui.chat;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.shell.FieldGrid;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The chat's side panel: presets and every sampler setting, the seed, max tokens, stop strings and the system
 * prompt, each with a one-line tooltip. Field ids are the setting names ({@code #temperature}, {@code #topK}...).
 */
final class SamplerPanel extends VBox {
    static final String PRESET = "preset";
    static final String VALIDATION = "sampler-validation";

    SamplerPanel(SamplerViewModel sampler, DialogService dialogs) {
        getStyleClass().add(LoupeStyles.SIDE_PANEL);
        setPrefWidth(310);
        setMinWidth(260);

        VBox content = new VBox();
        content.getStyleClass().add(LoupeStyles.SIDE_PANEL_CONTENT);

        ComboBox<SamplerPreset> preset = new ComboBox<>(sampler.presets());
        preset.setId(PRESET);
        preset.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(preset, Priority.ALWAYS);
        preset.setTooltip(new Tooltip("A named set of sampler settings; choosing one fills the fields below."));
        sampler.presetProperty().addListener((obs, old, now) -> preset.getSelectionModel().select(now));
        preset.getSelectionModel().select(sampler.presetProperty().get());
        preset.setOnAction(e -> {
            SamplerPreset chosen = preset.getSelectionModel().getSelectedItem();
            if (chosen != null && chosen != sampler.presetProperty().get()) {
                sampler.applyPreset(chosen);
            }
        });
        Button savePreset = new Button("Save as…");
        savePreset.getStyleClass().add(Styles.SMALL);
        savePreset.setTooltip(new Tooltip("Save the current settings as a preset of your own."));
        savePreset.setOnAction(e -> dialogs.askText("Save preset", "Name of the new preset:", "")
                .map(String::strip).filter(n -> !n.isEmpty()).ifPresent(sampler::saveAsPreset));
        HBox presetRow = new HBox(6, preset, savePreset);
        presetRow.setAlignment(Pos.CENTER_LEFT);
        Label edited = new Label("Edited: replies will say “custom settings”.");
        edited.getStyleClass().add(LoupeStyles.HINT);
        edited.visibleProperty().bind(sampler.presetEditedProperty());
        edited.managedProperty().bind(edited.visibleProperty());
        Label presetDescription = new Label();
        presetDescription.getStyleClass().add(LoupeStyles.HINT);
        presetDescription.setWrapText(true);
        presetDescription.textProperty().bind(sampler.presetProperty().map(SamplerPreset::description).orElse(""));

        GridPane sampling = FieldGrid.create(84);
        FieldGrid.row(sampling, 0, "Temperature", "temperature", sampler.temperatureProperty(),
                "Divides the logits: 0 always takes the most probable token, higher values vary more.");
        FieldGrid.row(sampling, 1, "Top-k", "topK", sampler.topKProperty(), "Keep only the K most probable tokens; 0 turns it off.");
        FieldGrid.row(sampling, 2, "Top-p", "topP", sampler.topPProperty(),
                "Keep the fewest tokens whose probabilities add up to P; 1 turns it off.");
        FieldGrid.row(sampling, 3, "Min-p", "minP", sampler.minPProperty(),
                "Drop tokens less than P times as probable as the best one; 0 turns it off.");
        FieldGrid.row(sampling, 4, "Typical-p", "typicalP", sampler.typicalPProperty(),
                "Keep tokens about as surprising as the average one (locally typical sampling); 1 turns it off.");

        GridPane penalties = FieldGrid.create(84);
        FieldGrid.row(penalties, 0, "Repetition", "repetitionPenalty", sampler.repetitionPenaltyProperty(),
                "Makes tokens seen in the penalty window less likely; 1 turns it off.");
        FieldGrid.row(penalties, 1, "Frequency", "frequencyPenalty", sampler.frequencyPenaltyProperty(),
                "Lowers a token's logit once for every time it appeared in the window; 0 turns it off.");
        FieldGrid.row(penalties, 2, "Presence", "presencePenalty", sampler.presencePenaltyProperty(),
                "Lowers the logit of every token that appeared in the window at all; 0 turns it off.");
        FieldGrid.row(penalties, 3, "Window", "penaltyWindow", sampler.penaltyWindowProperty(),
                "How many of the latest tokens the penalties look at; 0 means all of them.");
        FieldGrid.row(penalties, 4, "Logit bias", "logitBias", sampler.logitBiasProperty(),
                "Adds to the logits of token ids, written id=bias, comma-separated; -100 bans a token.");

        GridPane generation = FieldGrid.create(84);
        FieldGrid.row(generation, 0, "Max tokens", "maxTokens", sampler.maxTokensProperty(), "The reply stops after this many tokens.");
        CheckBox fixed = new CheckBox("Fixed");
        fixed.setId("fixedSeed");
        fixed.setMinWidth(Region.USE_PREF_SIZE);
        fixed.selectedProperty().bindBidirectional(sampler.fixedSeedProperty());
        fixed.setTooltip(new Tooltip("Fixed: every reply uses this seed, so the same settings give the same answer. Otherwise each reply draws one."));
        TextField seed = new TextField();
        seed.setId("seed");
        seed.textProperty().bindBidirectional(sampler.seedProperty());
        seed.disableProperty().bind(fixed.selectedProperty().not());
        seed.setPrefColumnCount(8);
        seed.setTooltip(new Tooltip("The seed of the random draws; every reply shows the one it used."));
        HBox seedBox = new HBox(8, fixed, seed);
        seedBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(seed, Priority.ALWAYS);
        Label seedLabel = FieldGrid.label("Seed");
        generation.add(seedLabel, 0, 1);
        generation.add(seedBox, 1, 1);
        TextArea stops = new TextArea();
        stops.setId("stopStrings");
        stops.setPrefRowCount(2);
        stops.textProperty().bindBidirectional(sampler.stopStringsProperty());
        stops.setTooltip(new Tooltip("The reply ends where one of these appears; one per line, \\n stands for a new line."));
        Label stopsLabel = FieldGrid.label("Stop at");
        generation.add(stopsLabel, 0, 2);
        generation.add(stops, 1, 2);

        ComboBox<NamedPrompt> savedPrompts = new ComboBox<>(sampler.savedPrompts());
        savedPrompts.setPromptText("Saved prompts");
        savedPrompts.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(savedPrompts, Priority.ALWAYS);
        savedPrompts.setOnAction(e -> {
            NamedPrompt chosen = savedPrompts.getSelectionModel().getSelectedItem();
            if (chosen != null) {
                sampler.useSavedPrompt(chosen);
            }
        });
        Button savePrompt = new Button("Save as…");
        savePrompt.getStyleClass().add(Styles.SMALL);
        savePrompt.setTooltip(new Tooltip("Keep this system prompt under a name for other conversations."));
        savePrompt.setOnAction(e -> dialogs.askText("Save system prompt", "Name of the system prompt:", "")
                .map(String::strip).filter(n -> !n.isEmpty()).ifPresent(sampler::saveSystemPrompt));
        HBox promptRow = new HBox(6, savedPrompts, savePrompt);
        promptRow.setAlignment(Pos.CENTER_LEFT);
        TextArea systemPrompt = new TextArea();
        systemPrompt.setId("systemPrompt");
        systemPrompt.setWrapText(true);
        systemPrompt.setPrefRowCount(4);
        systemPrompt.setPromptText("Instructions the model reads before the conversation");
        systemPrompt.textProperty().bindBidirectional(sampler.systemPromptProperty());
        systemPrompt.setTooltip(new Tooltip("Instructions the model reads before the conversation; stored with it."));

        Label validation = new Label();
        validation.setId(VALIDATION);
        validation.getStyleClass().add(LoupeStyles.VALIDATION);
        validation.textProperty().bind(sampler.validationProperty());
        validation.visibleProperty().bind(sampler.validationProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());

        content.getChildren().addAll(
                FieldGrid.section("PRESET"), presetRow, presetDescription, edited, validation,
                FieldGrid.section("SAMPLING"), sampling,
                FieldGrid.section("PENALTIES"), penalties,
                FieldGrid.section("GENERATION"), generation,
                FieldGrid.section("SYSTEM PROMPT"), promptRow, systemPrompt);

        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().add(scroll);
    }
}
