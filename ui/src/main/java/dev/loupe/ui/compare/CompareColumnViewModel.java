package dev.loupe.ui.compare;

import static dev.loupe.ui.format.SettingFields.parseDouble;
import static dev.loupe.ui.format.SettingFields.parseInt;
import static dev.loupe.ui.format.SettingFields.parseSeed;

import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.ArenaJudge;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.chat.SamplerPreset;
import dev.loupe.ui.format.Figures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One column of the Compare workspace: its model, preset and the sampler fields users vary most (temperature,
 * top-p, top-k, min-p; the preset supplies the rest), its seed, and what it generated. Fields hold text so nothing
 * typed is lost; {@link #setup} validates them.
 *
 * <p>Properties are touched on the UI thread only. The {@link TokenListener} of a run appends to a buffer on the
 * engine thread; the workspace copies it to {@link #answerProperty()} through its coalescer.
 */
public final class CompareColumnViewModel {
    private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper(this, "label", "A");
    private final ObjectProperty<ModelChoice> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<SamplerPreset> preset = new SimpleObjectProperty<>(this, "preset");
    private final StringProperty temperature = new SimpleStringProperty(this, "temperature");
    private final StringProperty topP = new SimpleStringProperty(this, "topP");
    private final StringProperty topK = new SimpleStringProperty(this, "topK");
    private final StringProperty minP = new SimpleStringProperty(this, "minP");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");
    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper(this, "answer", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<RunMetrics> metrics = new ReadOnlyObjectWrapper<>(this, "metrics");
    private final ReadOnlyStringWrapper finish = new ReadOnlyStringWrapper(this, "finish", "");

    /** What the running generation streamed so far; written on the engine thread. */
    private final Stream stream = new Stream();
    private Optional<SavedColumn> result = Optional.empty();
    private List<TokenEvent> tokens = List.of();

    CompareColumnViewModel(ModelChoice model, Optional<SamplerPreset> preset) {
        this.model.set(model);
        preset.ifPresentOrElse(this::applyPreset, () -> showSettings(SamplerSettings.DEFAULTS));
    }

    /** Chooses a preset and fills the fields from it. */
    public void applyPreset(SamplerPreset value) {
        preset.set(Objects.requireNonNull(value, "value"));
        showSettings(value.settings());
    }

    void showSettings(SamplerSettings s) {
        temperature.set(Figures.setting(s.temperature()));
        topP.set(Figures.setting(s.topP()));
        topK.set(Integer.toString(s.topK()));
        minP.set(Figures.setting(s.minP()));
    }

    /**
     * The column's setup as typed: the preset's settings with the four fields put in.
     *
     * @param lockedSeed the seed every column uses, when the seed is locked
     * @throws InvalidSettingsException naming the column and the first field that is wrong
     */
    public ColumnSetup setup(Optional<Long> lockedSeed) {
        try {
            SamplerSettings base = preset.get() == null ? SamplerSettings.DEFAULTS : preset.get().settings();
            SamplerSettings settings = base.withTemperature(parseDouble("temperature", temperature.get()))
                    .withTopP(parseDouble("top-p", topP.get()))
                    .withTopK(parseInt("top-k", topK.get()))
                    .withMinP(parseDouble("min-p", minP.get()));
            long seedValue = lockedSeed.isPresent() ? lockedSeed.get() : parseSeed(seed.get());
            if (model.get() == null) {
                throw new InvalidSettingsException("choose a model");
            }
            return new ColumnSetup(model.get(), preset.get() == null ? "custom" : preset.get().name(), settings, seedValue);
        } catch (InvalidSettingsException e) {
            throw new InvalidSettingsException("column " + label.get() + ": " + e.getMessage());
        }
    }

    void setPosition(int position) {
        label.set(ArenaJudge.label(position));
    }

    /** Waits for its turn: the earlier answer stays on screen until this column's run starts. UI thread, before the run. */
    void queued() {
        stream.reset();
        status.set("waiting");
    }

    /** Its run started on the engine thread (which may have streamed tokens already): clears the earlier answer. */
    void started() {
        answer.set(stream.text());
        metrics.set(null);
        finish.set("");
        result = Optional.empty();
        tokens = List.of();
        status.set("generating…");
    }

    /** The listener of its run, asked for when the run starts; engine thread. */
    TokenListener listener(Runnable changed) {
        stream.reset();
        return new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {
                stream.token();
                changed.run();
            }

            @Override
            public void onText(String delta) {
                stream.append(delta);
                changed.run();
            }
        };
    }

    /** Tokens streamed by the running generation; any thread. */
    int streamedTokens() {
        return stream.tokens();
    }

    /** Decoding speed of the running generation so far, tokens after the first per second; 0 before the second token. */
    double streamedTokensPerSecond() {
        return stream.tokensPerSecond(System.nanoTime());
    }

    /** Copies what streamed to the answer; UI thread. */
    void showStream() {
        if (result.isEmpty()) {
            answer.set(stream.text());
        }
    }

    /** Its run ended with {@code column}; {@code tokenEvents} are kept for sending the answer to the chat. */
    void finished(SavedColumn column, List<TokenEvent> tokenEvents) {
        result = Optional.of(column);
        tokens = List.copyOf(tokenEvents);
        answer.set(column.answer());
        metrics.set(column.metrics());
        finish.set(finishOf(column));
        status.set(Figures.count(column.metrics().length()) + " tokens · " + finishOf(column));
    }

    /** The run was skipped because the comparison stopped or failed first. */
    void notRun(String why) {
        if (status.get().equals("waiting") || status.get().equals("generating…")) {
            status.set(why);
        }
    }

    /** Shows a stored column: its setup in the fields and its answer. */
    void show(SavedColumn column, Optional<SamplerPreset> presetOfName) {
        model.set(column.setup().model());
        presetOfName.ifPresent(preset::set);
        showSettings(column.setup().settings());
        seed.set(Long.toString(column.setup().seed()));
        finished(column, List.of());
    }

    private static String finishOf(SavedColumn column) {
        return switch (column.finishReason()) {
            case MAX_TOKENS -> "max tokens";
            case CANCELLED -> "stopped";
            case STOP_STRING -> "stop string";
            case CONTEXT_FULL -> "context full";
            case EOS -> "ended";
        };
    }

    /** The result of its last run, if it has one. */
    public Optional<SavedColumn> result() {
        return result;
    }

    /** The tokens of the last run made in this session; empty for a reopened comparison. */
    List<TokenEvent> tokens() {
        return tokens;
    }

    public ReadOnlyStringProperty labelProperty() {
        return label.getReadOnlyProperty();
    }

    public ObjectProperty<ModelChoice> modelProperty() {
        return model;
    }

    public ObjectProperty<SamplerPreset> presetProperty() {
        return preset;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty topPProperty() {
        return topP;
    }

    public StringProperty topKProperty() {
        return topK;
    }

    public StringProperty minPProperty() {
        return minP;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    /** "waiting", "generating…", "42 tokens · hit max tokens"... */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why its last run ended: "max tokens", "stopped"...; empty before it ran. */
    public ReadOnlyStringProperty finishProperty() {
        return finish.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunMetrics> metricsProperty() {
        return metrics.getReadOnlyProperty();
    }

    /** The text and token count of a streaming run, shared between the engine thread and the UI thread. */
    private static final class Stream {
        private final StringBuilder text = new StringBuilder();
        private int tokens;
        private long firstTokenNanos;

        synchronized void reset() {
            text.setLength(0);
            tokens = 0;
        }

        synchronized double tokensPerSecond(long nowNanos) {
            return tokens < 2 || nowNanos <= firstTokenNanos ? 0 : (tokens - 1) / ((nowNanos - firstTokenNanos) / 1e9);
        }

        synchronized void append(String delta) {
            text.append(delta);
        }

        synchronized void token() {
            if (tokens++ == 0) {
                firstTokenNanos = System.nanoTime();
            }
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized int tokens() {
            return tokens;
        }
    }
}
