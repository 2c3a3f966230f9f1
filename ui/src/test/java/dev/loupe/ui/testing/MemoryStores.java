package dev.loupe.ui.testing;

import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.ask.AskRecordRepository;
import dev.loupe.ui.chat.NamedPrompt;
import dev.loupe.ui.chat.PresetRepository;
import dev.loupe.ui.chat.SamplerPreset;
import dev.loupe.ui.chat.SystemPromptRepository;
import dev.loupe.ui.compare.ComparisonRepository;
import dev.loupe.ui.compare.ComparisonSummary;
import dev.loupe.ui.compare.SavedColumn;
import dev.loupe.ui.compare.SavedComparison;
import dev.loupe.ui.compare.SavedVerdict;
import dev.loupe.ui.documents.DocumentLibrarySource;
import dev.loupe.ui.models.ModelLibrary;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunEntry;
import dev.loupe.ui.runs.RunFilter;
import dev.loupe.ui.runs.RunRepository;
import dev.loupe.ui.settings.ApiServerControl;
import dev.loupe.ui.settings.ApiServerSettings;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.settings.WindowPlacement;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The small stores of the chat and the shell, in memory, for view-model tests. */
public final class MemoryStores {
    private MemoryStores() {}

    /** The built-in presets with the shipped values, and whatever a test saves. */
    public static final class Presets implements PresetRepository {
        public final List<SamplerPreset> presets = new ArrayList<>(List.of(
                new SamplerPreset("Precise", "Low temperature.", new SamplerSettings(0.2, 20, 0.9, 0.05, 1, 1.05, 0, 0, 64, null), true),
                new SamplerPreset("Balanced", "The everyday default.", SamplerSettings.DEFAULTS, true),
                new SamplerPreset("Creative", "High temperature.", new SamplerSettings(1.1, 0, 0.98, 0.03, 1, 1.05, 0.1, 0.3, 256, null), true)));

        @Override
        public synchronized List<SamplerPreset> list() {
            return List.copyOf(presets);
        }

        @Override
        public synchronized SamplerPreset save(String name, String description, SamplerSettings settings) {
            if (presets.stream().anyMatch(p -> p.builtin() && p.name().equalsIgnoreCase(name))) {
                throw new dev.loupe.inference.LoupeException("The preset " + name + " is built in; save yours under another name.");
            }
            presets.removeIf(p -> p.name().equalsIgnoreCase(name));
            SamplerPreset saved = new SamplerPreset(name, description, settings, false);
            presets.add(saved);
            return saved;
        }
    }

    public static final class Prompts implements SystemPromptRepository {
        public final List<NamedPrompt> prompts = new ArrayList<>();

        @Override
        public synchronized List<NamedPrompt> list() {
            return List.copyOf(prompts);
        }

        @Override
        public synchronized NamedPrompt save(String name, String text) {
            prompts.removeIf(p -> p.name().equalsIgnoreCase(name));
            NamedPrompt saved = new NamedPrompt(name, text);
            prompts.add(saved);
            return saved;
        }
    }

    public static final class Runs implements RunRepository {
        public final List<RunEntry> runs = new ArrayList<>();
        public RunFilter lastFilter;

        @Override
        public synchronized RunEntry record(NewRun run) {
            RunEntry entry = new RunEntry(runs.size() + 1, run);
            runs.add(entry);
            return entry;
        }

        @Override
        public synchronized List<RunEntry> query(RunFilter filter, int limit) {
            lastFilter = filter;
            return runs.reversed().stream()
                    .filter(e -> filter.origin().map(o -> o == e.run().origin()).orElse(true))
                    .filter(e -> filter.modelId().map(m -> m.equals(e.run().modelId())).orElse(true))
                    .filter(e -> filter.text().isEmpty() || e.run().prompt().contains(filter.text()))
                    .filter(e -> filter.since().map(s -> !e.run().startedAt().isBefore(s)).orElse(true))
                    .limit(limit).toList();
        }

        @Override
        public String exportCsv(RunFilter filter) {
            return "id\n" + String.join("\n", query(filter, Integer.MAX_VALUE).stream().map(e -> Long.toString(e.id())).toList()) + "\n";
        }

        @Override
        public String exportJson(RunFilter filter) {
            return "[" + String.join(",", query(filter, Integer.MAX_VALUE).stream().map(e -> Long.toString(e.id())).toList()) + "]";
        }
    }

    public static final class Settings implements UiSettings {
        public WindowPlacement placement = new WindowPlacement(80, 60, 1280, 820, false);
        public String workspace = "chat";
        public Optional<Long> lastConversation = Optional.empty();
        public ThemeChoice theme = ThemeChoice.SYSTEM;
        public String preset = "Balanced";
        public AgentSetup agentSetup = AgentSetup.DEFAULTS;
        public AskSettings ask = AskSettings.DEFAULTS;
        public ApiServerSettings api = ApiServerSettings.DEFAULTS;
        public String colourMode = "probability";

        @Override
        public synchronized ApiServerSettings apiServerSettings() {
            return api;
        }

        @Override
        public synchronized void saveApiServerSettings(ApiServerSettings value) {
            api = value;
        }

        @Override
        public synchronized AskSettings askSettings() {
            return ask;
        }

        @Override
        public synchronized void saveAskSettings(AskSettings value) {
            ask = value;
        }

        @Override
        public synchronized WindowPlacement windowPlacement() {
            return placement;
        }

        @Override
        public synchronized void saveWindowPlacement(WindowPlacement value) {
            placement = value;
        }

        @Override
        public synchronized String lastWorkspace() {
            return workspace;
        }

        @Override
        public synchronized void saveLastWorkspace(String id) {
            workspace = id;
        }

        @Override
        public synchronized Optional<Long> lastConversation() {
            return lastConversation;
        }

        @Override
        public synchronized void saveLastConversation(Optional<Long> id) {
            lastConversation = id;
        }

        @Override
        public synchronized ThemeChoice theme() {
            return theme;
        }

        @Override
        public synchronized void saveTheme(ThemeChoice value) {
            theme = value;
        }

        @Override
        public synchronized String defaultPreset() {
            return preset;
        }

        @Override
        public synchronized void saveDefaultPreset(String name) {
            preset = name;
        }

        @Override
        public synchronized AgentSetup agentSetup() {
            return agentSetup;
        }

        @Override
        public synchronized void saveAgentSetup(AgentSetup value) {
            agentSetup = value;
        }

        @Override
        public synchronized String inspectColourMode() {
            return colourMode;
        }

        @Override
        public synchronized void saveInspectColourMode(String id) {
            colourMode = id;
        }
    }

    /** Saved comparisons in memory, newest last. */
    public static final class Comparisons implements ComparisonRepository {
        public final List<SavedComparison> saved = new ArrayList<>();

        @Override
        public synchronized SavedComparison save(Instant createdAt, String prompt, int maxNewTokens, boolean seedLocked, List<SavedColumn> columns) {
            SavedComparison stored = new SavedComparison(saved.size() + 1, createdAt, prompt, maxNewTokens, seedLocked, columns, Optional.empty());
            saved.add(stored);
            return stored;
        }

        @Override
        public synchronized void saveVerdict(long id, SavedVerdict verdict) {
            SavedComparison c = find(id).orElseThrow();
            saved.set(saved.indexOf(c), new SavedComparison(c.id(), c.createdAt(), c.prompt(), c.maxNewTokens(), c.seedLocked(), c.columns(),
                    Optional.of(verdict)));
        }

        @Override
        public synchronized List<ComparisonSummary> list(int limit) {
            return saved.reversed().stream().limit(limit).map(c -> new ComparisonSummary(c.id(), c.createdAt(), c.prompt(), c.columns().size(),
                    c.verdict().map(v -> v.verdict().winnerLabel()))).toList();
        }

        @Override
        public synchronized Optional<SavedComparison> find(long id) {
            return saved.stream().filter(c -> c.id() == id).findFirst();
        }

        @Override
        public synchronized boolean delete(long id) {
            return saved.removeIf(c -> c.id() == id);
        }
    }

    /** Ask records in a map. */
    public static final class AskRecords implements AskRecordRepository {
        public final Map<Long, AskRecord> records = new HashMap<>();

        @Override
        public synchronized void save(long messageId, AskRecord record) {
            records.put(messageId, record);
        }

        @Override
        public synchronized Map<Long, AskRecord> find(Collection<Long> messageIds) {
            Map<Long, AskRecord> out = new HashMap<>();
            messageIds.forEach(id -> {
                if (records.containsKey(id)) {
                    out.put(id, records.get(id));
                }
            });
            return out;
        }
    }

    /** For tests that never turn the API server on: starting it fails the test. */
    public static final ApiServerControl NO_API_SERVER = new ApiServerControl() {
        @Override
        public URI start(ApiServerSettings settings, TextGenerator model) {
            throw new AssertionError("this test does not start the API server");
        }

        @Override
        public void stop() {}
    };

    /** For tests that never ask the documents: opening the library fails the test. */
    public static final DocumentLibrarySource NO_DOCUMENTS = () -> {
        throw new AssertionError("this test does not use the documents library");
    };

    /** An empty models folder for tests that load no model: listing it finds nothing, anything else fails the test. */
    public static final ModelLibrary NO_MODELS = new ModelLibrary() {
        @Override
        public Path folder() {
            return Path.of("/models");
        }

        @Override
        public List<ModelCatalog.Entry> list() {
            return List.of();
        }

        @Override
        public ModelInfo inspect(Path dir) {
            throw new AssertionError("this test inspects no model");
        }

        @Override
        public Path importLlama2c(Path checkpoint, Path tokenizer, String name) {
            throw new AssertionError("this test imports no model");
        }

        @Override
        public Path quantizeQ4(Path source) {
            throw new AssertionError("this test quantizes no model");
        }
    };
}
