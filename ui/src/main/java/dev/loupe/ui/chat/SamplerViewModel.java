package dev.loupe.ui.chat;

import static dev.loupe.ui.format.SettingFields.parseDouble;
import static dev.loupe.ui.format.SettingFields.parseInt;
import static dev.loupe.ui.format.SettingFields.parseMaxTokens;
import static dev.loupe.ui.format.SettingFields.parseSeed;
import static dev.loupe.ui.format.SettingFields.sentence;

import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's side panel: every sampler setting as the user types it, presets, the seed, the system prompt, max
 * tokens and stop strings. Fields hold text so that nothing typed is lost; {@link #plan()} validates them into
 * the same {@link SamplerSettings} record the CLI uses, and {@link #validationProperty()} says live what is wrong.
 *
 * <p>UI thread only; presets and prompts are read and saved on the storage lane.
 */
public final class SamplerViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SamplerViewModel.class);

    /**
     * Random seeds are drawn below this: any seed gives a different draw, and nine digits are easy to read off a
     * badge and type into the seed field to repeat an answer.
     */
    static final int MAX_RANDOM_SEED = 1_000_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Max tokens of a new chat: a few paragraphs. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final TaskRunner runner;
    private final PresetRepository presets;
    private final SystemPromptRepository prompts;
    private final UiSettings uiSettings;
    private final Consumer<UserError> errors;

    private final StringProperty temperature = new SimpleStringProperty(this, "temperature");
    private final StringProperty topK = new SimpleStringProperty(this, "topK");
    private final StringProperty topP = new SimpleStringProperty(this, "topP");
    private final StringProperty minP = new SimpleStringProperty(this, "minP");
    private final StringProperty typicalP = new SimpleStringProperty(this, "typicalP");
    private final StringProperty repetitionPenalty = new SimpleStringProperty(this, "repetitionPenalty");
    private final StringProperty frequencyPenalty = new SimpleStringProperty(this, "frequencyPenalty");
    private final StringProperty presencePenalty = new SimpleStringProperty(this, "presencePenalty");
    private final StringProperty penaltyWindow = new SimpleStringProperty(this, "penaltyWindow");
    private final StringProperty logitBias = new SimpleStringProperty(this, "logitBias", "");
    private final BooleanProperty fixedSeed = new SimpleBooleanProperty(this, "fixedSeed", false);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");
    private final StringProperty maxTokens = new SimpleStringProperty(this, "maxTokens", Integer.toString(DEFAULT_MAX_TOKENS));
    private final StringProperty stopStrings = new SimpleStringProperty(this, "stopStrings", "");
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");

    private final ObservableList<SamplerPreset> presetList = FXCollections.observableArrayList();
    /** The read-only view handed out; kept, since a view created per call would drop its listeners when collected. */
    private final ObservableList<SamplerPreset> presetListView = FXCollections.unmodifiableObservableList(presetList);
    private final ObservableList<NamedPrompt> promptList = FXCollections.observableArrayList();
    private final ObservableList<NamedPrompt> promptListView = FXCollections.unmodifiableObservableList(promptList);
    private final ReadOnlyObjectWrapper<SamplerPreset> preset = new ReadOnlyObjectWrapper<>(this, "preset");
    private final ReadOnlyBooleanWrapper presetEdited = new ReadOnlyBooleanWrapper(this, "presetEdited", false);
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation", "");

    public SamplerViewModel(TaskRunner runner, PresetRepository presets, SystemPromptRepository prompts, UiSettings uiSettings,
                            Consumer<UserError> errors) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.presets = Objects.requireNonNull(presets, "presets");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.uiSettings = Objects.requireNonNull(uiSettings, "uiSettings");
        this.errors = Objects.requireNonNull(errors, "errors");
        showSettings(SamplerSettings.DEFAULTS);
        for (Observable field : List.of(temperature, topK, topP, minP, typicalP, repetitionPenalty, frequencyPenalty,
                presencePenalty, penaltyWindow, logitBias, fixedSeed, seed, maxTokens, stopStrings)) {
            field.addListener(o -> revalidate());
        }
        revalidate();
    }

    /** Reads the presets and saved prompts and chooses {@code presetName} (or the first preset when it is gone). */
    public void load(String presetName) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> new Lists(presets.list(), prompts.list()), lists -> {
            presetList.setAll(lists.presets());
            promptList.setAll(lists.prompts());
            lists.presets().stream().filter(p -> p.name().equalsIgnoreCase(presetName)).findFirst()
                    .or(() -> lists.presets().stream().findFirst())
                    .ifPresent(this::applyPreset);
        }, failure -> {
            LOG.warn("Reading the presets failed", failure);
            errors.accept(UserError.from(failure, "read the sampler presets"));
        });
    }

    private record Lists(List<SamplerPreset> presets, List<NamedPrompt> prompts) {}

    /** Fills every sampler field from {@code value} and remembers it as the default of new chats. */
    public void applyPreset(SamplerPreset value) {
        Objects.requireNonNull(value, "value");
        preset.set(value);
        showSettings(value.settings());
        revalidate();
        String name = value.name();
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            uiSettings.saveDefaultPreset(name);
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving the default preset failed", failure));
    }

    /** The preset of the given name, if there is one. */
    public Optional<SamplerPreset> findPreset(String name) {
        return presetList.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Saves the current settings as a user preset and chooses it. */
    public void saveAsPreset(String name) {
        SamplerSettings settings;
        try {
            settings = settings();
        } catch (InvalidSettingsException e) {
            errors.accept(UserError.of(sentence(e.getMessage())));
            return;
        }
        String description = "Saved from the chat panel.";
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            SamplerPreset saved = presets.save(name, description, settings);
            return new Saved(saved, presets.list());
        }, saved -> {
            presetList.setAll(saved.all());
            applyPreset(saved.preset());
        }, failure -> {
            LOG.info("Saving the preset {} failed: {}", name, failure.getMessage());
            errors.accept(UserError.from(failure, "save the preset"));
        });
    }

    private record Saved(SamplerPreset preset, List<SamplerPreset> all) {}

    /** Replaces the system prompt with a saved one. */
    public void useSavedPrompt(NamedPrompt value) {
        systemPrompt.set(value.text());
    }

    /** Saves the current system prompt under {@code name}. */
    public void saveSystemPrompt(String name) {
        String text = systemPrompt.get();
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            prompts.save(name, text);
            return prompts.list();
        }, promptList::setAll, failure -> errors.accept(UserError.from(failure, "save the system prompt")));
    }

    /**
     * The settings of the next generation, read now; a random seed is drawn here.
     *
     * @throws InvalidSettingsException naming the first field that is wrong
     */
    public GenerationPlan plan() {
        SamplerSettings settings = settings();
        long seedValue = fixedSeed.get() ? parseSeed(seed.get()) : RANDOM.nextInt(MAX_RANDOM_SEED);
        int max = parseMaxTokens(maxTokens.get());
        return new GenerationPlan(settings, seedValue, max, stopStrings(), systemPrompt.get() == null ? "" : systemPrompt.get(),
                presetName(settings));
    }

    /** The sampler settings as typed. @throws InvalidSettingsException naming the first field that is wrong */
    public SamplerSettings settings() {
        return new SamplerSettings(
                parseDouble("temperature", temperature.get()),
                parseInt("top-k", topK.get()),
                parseDouble("top-p", topP.get()),
                parseDouble("min-p", minP.get()),
                parseDouble("typical-p", typicalP.get()),
                parseDouble("repetition penalty", repetitionPenalty.get()),
                parseDouble("frequency penalty", frequencyPenalty.get()),
                parseDouble("presence penalty", presencePenalty.get()),
                parseInt("penalty window", penaltyWindow.get()),
                parseLogitBias(logitBias.get()));
    }

    /** The stop strings, one per line; {@code \n} and {@code \t} in a line stand for a newline and a tab. */
    public List<String> stopStrings() {
        List<String> result = new ArrayList<>();
        for (String line : (stopStrings.get() == null ? "" : stopStrings.get()).split("\n")) {
            if (!line.isEmpty()) {
                result.add(line.replace("\\n", "\n").replace("\\t", "\t"));
            }
        }
        return result;
    }

    private Optional<String> presetName(SamplerSettings settings) {
        SamplerPreset chosen = preset.get();
        return chosen != null && chosen.settings().equals(settings) ? Optional.of(chosen.name()) : Optional.empty();
    }

    private void showSettings(SamplerSettings s) {
        temperature.set(Figures.setting(s.temperature()));
        topK.set(Integer.toString(s.topK()));
        topP.set(Figures.setting(s.topP()));
        minP.set(Figures.setting(s.minP()));
        typicalP.set(Figures.setting(s.typicalP()));
        repetitionPenalty.set(Figures.setting(s.repetitionPenalty()));
        frequencyPenalty.set(Figures.setting(s.frequencyPenalty()));
        presencePenalty.set(Figures.setting(s.presencePenalty()));
        penaltyWindow.set(Integer.toString(s.penaltyWindowTokens()));
        logitBias.set(s.logitBias().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + Figures.setting(e.getValue())).collect(Collectors.joining(", ")));
    }

    private void revalidate() {
        try {
            SamplerSettings settings = settings();
            if (fixedSeed.get()) {
                parseSeed(seed.get());
            }
            parseMaxTokens(maxTokens.get());
            validation.set("");
            presetEdited.set(preset.get() != null && !preset.get().settings().equals(settings));
        } catch (InvalidSettingsException e) {
            validation.set(sentence(e.getMessage()));
            presetEdited.set(preset.get() != null);
        }
    }




    /** "13=-100, 42=1.5": token id = bias, separated by commas. */
    static Map<Integer, Float> parseLogitBias(String text) {
        Map<Integer, Float> bias = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return bias;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=");
            if (parts.length != 2) {
                throw new InvalidSettingsException("logit bias is written as token=bias pairs separated by commas, got '" + pair.strip() + "'");
            }
            int token = parseInt("a logit bias token id", parts[0]);
            float value = (float) parseDouble("the logit bias of token " + token, parts[1]);
            bias.put(token, value);
        }
        return bias;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty topKProperty() {
        return topK;
    }

    public StringProperty topPProperty() {
        return topP;
    }

    public StringProperty minPProperty() {
        return minP;
    }

    public StringProperty typicalPProperty() {
        return typicalP;
    }

    public StringProperty repetitionPenaltyProperty() {
        return repetitionPenalty;
    }

    public StringProperty frequencyPenaltyProperty() {
        return frequencyPenalty;
    }

    public StringProperty presencePenaltyProperty() {
        return presencePenalty;
    }

    public StringProperty penaltyWindowProperty() {
        return penaltyWindow;
    }

    public StringProperty logitBiasProperty() {
        return logitBias;
    }

    public BooleanProperty fixedSeedProperty() {
        return fixedSeed;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public StringProperty maxTokensProperty() {
        return maxTokens;
    }

    public StringProperty stopStringsProperty() {
        return stopStrings;
    }

    public StringProperty systemPromptProperty() {
        return systemPrompt;
    }

    public ObservableList<SamplerPreset> presets() {
        return presetListView;
    }

    public ObservableList<NamedPrompt> savedPrompts() {
        return promptListView;
    }

    /** The preset chosen last; see {@link #presetEditedProperty()} for whether the fields still match it. */
    public ReadOnlyObjectProperty<SamplerPreset> presetProperty() {
        return preset.getReadOnlyProperty();
    }

    /** Whether a field was changed after choosing the preset, so replies will not carry its name. */
    public ReadOnlyBooleanProperty presetEditedProperty() {
        return presetEdited.getReadOnlyProperty();
    }

    /** What is wrong with the fields, as one sentence; empty when they are valid. */
    public ReadOnlyStringProperty validationProperty() {
        return validation.getReadOnlyProperty();
    }
}
